package io.mmpipe.runtime.streams;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Streams names a state store's metric tag after the store's kind ({@code rocksdb-state-id} for key-value
 * stores, {@code rocksdb-window-state-id} for window stores, {@code in-memory-state-id}, ...), so one metric such as
 * {@code num-entries-imm-mem-tables} arrives with different tag keys per kind. Micrometer before 1.17 refused the
 * second kind outright; 1.17 keeps both, each under its own key, so no one query by store sees them all. This
 * filter renames that one key to {@code store} (store names are unique within a task, so nothing is lost). It must
 * keep the NUMBER of tags: the Kafka binder compares its unmapped tags with the registered meters' and skips a
 * metric that looks like a copy with fewer tags, so adding a tag here made it drop every store after the first.
 */
public final class StoreTagFilter implements MeterFilter {

  private static final String SUFFIX = ".state.id"; // Micrometer's Kafka binder turns '-' in tag keys into '.'

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith("kafka.stream.")) {
      return id;
    }
    List<Tag> tags = null;
    for (Tag t : id.getTagsAsIterable()) {
      if (t.getKey().endsWith(SUFFIX)) {
        tags = new ArrayList<>();
        for (Tag other : id.getTagsAsIterable()) {
          if (other != t) {
            tags.add(other);
          }
        }
        tags.add(Tag.of("store", t.getValue()));
        break;
      }
    }
    return tags == null ? id : id.replaceTags(tags);
  }
}
