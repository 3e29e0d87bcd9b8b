package io.mmpipe.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic: its name, the serdes of its key and value, and the settings it is created with.
 *
 * @param name       the full topic name (prefix included)
 * @param keySerde   serde of the key
 * @param valueSerde serde of the value
 * @param configs    topic-level settings (cleanup.policy, retention, ...)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    configs = Map.copyOf(configs);
    if (!name.matches("[a-z0-9][a-z0-9.\\-]*")) {
      throw new IllegalArgumentException("topic names are lowercase and dot-separated: " + name);
    }
  }

  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
