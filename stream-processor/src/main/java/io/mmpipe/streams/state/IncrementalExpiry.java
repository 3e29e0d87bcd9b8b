package io.mmpipe.streams.state;

import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Forgets entries idle for longer than a retention, a bounded slice of the store per run: a punctuation runs on the
 * stream thread, and walking a store of millions of entries there would stall the whole task. The next run resumes
 * at the key where the last one stopped, so the whole store is covered every {@code size / perRun} runs; the
 * entries kept over one whole pass are the section's size in the metrics.
 */
public final class IncrementalExpiry<V> {

  /** How often the processors run a slice (wall-clock punctuation). */
  public static final Duration INTERVAL = Duration.ofMinutes(1);
  /** Entries examined per run: at one run a minute, 2.8 million a day. */
  public static final int PER_RUN = 2000;

  private final EntryStore<V> store;
  private final ToLongFunction<V> lastActiveAt;
  private final BiFunction<V, Long, V> stamp;
  private final long retentionMs;
  private final int perRun;
  private String resumeAt;
  private long keptThisPass;
  private long lastPassSize = -1;

  /**
   * @param lastActiveAt when an entry was last written (ms, the ingestor's observation time); 0 for entries written
   *                     before the processor kept that time
   * @param stamp        gives such an entry the time of the run that meets it, so it expires one retention later
   *                     (forgetting it at once would restart its change counter while dedupe still knows the ids)
   */
  public IncrementalExpiry(EntryStore<V> store, ToLongFunction<V> lastActiveAt,
      BiFunction<V, Long, V> stamp, Duration retention, int perRun) {
    if (perRun < 1) {
      throw new IllegalArgumentException("perRun must be positive");
    }
    this.store = store;
    this.lastActiveAt = lastActiveAt;
    this.stamp = stamp;
    this.retentionMs = retention.toMillis();
    this.perRun = perRun;
  }

  /**
   * Schedules, every {@link #INTERVAL} (wall clock), a slice of the section's migration from its legacy store, then
   * a slice of expiry, and publishes the section's size each time a pass over it completes.
   */
  public static <V> void schedule(ProcessorContext<?, ?> context, StateSection<V> section,
      ToLongFunction<V> lastActiveAt, BiFunction<V, Long, V> stamp, Duration retention, ProcessorMetrics metrics) {
    IncrementalExpiry<V> expiry = new IncrementalExpiry<>(section, lastActiveAt, stamp, retention, PER_RUN);
    context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
      section.migrate(PER_RUN);
      expiry.run(now);
      if (expiry.lastPassSize() >= 0) {
        metrics.storeSize(section.name(), context.taskId().toString(), expiry.lastPassSize());
      }
    });
  }

  /** Examines at most {@code perRun} entries and deletes the idle ones among them; returns how many it deleted. */
  public int run(long now) {
    long cutoff = now - retentionMs;
    List<String> idle = new ArrayList<>();
    List<KeyValue<String, V>> unstamped = new ArrayList<>();
    List<KeyValue<String, V>> slice = new ArrayList<>(Math.min(perRun, 4096));
    String next = store.slice(resumeAt, perRun, slice);
    int examined = slice.size();
    for (KeyValue<String, V> kv : slice) {
      long at = lastActiveAt.applyAsLong(kv.value);
      if (at == 0) {
        unstamped.add(KeyValue.pair(kv.key, stamp.apply(kv.value, now)));
      } else if (at < cutoff) {
        idle.add(kv.key);
      }
    }
    resumeAt = next;
    idle.forEach(store::delete);
    unstamped.forEach(kv -> store.put(kv.key, kv.value));
    keptThisPass += examined - idle.size();
    if (next == null) {
      lastPassSize = keptThisPass;
      keptThisPass = 0;
    }
    return idle.size();
  }

  /** Entries kept by the last complete pass over the store; -1 before the first pass completes. */
  public long lastPassSize() {
    return lastPassSize;
  }
}
