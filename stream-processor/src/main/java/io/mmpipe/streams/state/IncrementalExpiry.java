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
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets entries idle for longer than a retention, a bounded slice of the store per run: a punctuation runs on the
 * stream thread, and walking a store of millions of entries there would stall the whole task. The next run resumes
 * at the key where the last one stopped, so the whole store is covered every {@code size / perRun} runs.
 */
public final class IncrementalExpiry<V> {

  /** How often the processors run a slice (wall-clock punctuation). */
  public static final Duration INTERVAL = Duration.ofMinutes(1);
  /** Entries examined per run: at one run a minute, 2.8 million a day. */
  public static final int PER_RUN = 2000;

  private final KeyValueStore<String, V> store;
  private final ToLongFunction<V> lastActiveAt;
  private final BiFunction<V, Long, V> stamp;
  private final long retentionMs;
  private final int perRun;
  private String resumeAt;

  /**
   * @param lastActiveAt when an entry was last written (ms, the ingestor's observation time); 0 for entries written
   *                     before the processor kept that time
   * @param stamp        gives such an entry the time of the run that meets it, so it expires one retention later
   *                     (forgetting it at once would restart its change counter while dedupe still knows the ids)
   */
  public IncrementalExpiry(KeyValueStore<String, V> store, ToLongFunction<V> lastActiveAt,
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
   * Schedules a slice of expiry of the processor's store {@code name} every {@link #INTERVAL} (wall clock), each
   * followed by the store's size in the metrics.
   */
  public static <V> void schedule(ProcessorContext<?, ?> context, String name, ToLongFunction<V> lastActiveAt,
      BiFunction<V, Long, V> stamp, Duration retention, ProcessorMetrics metrics) {
    KeyValueStore<String, V> store = context.getStateStore(name);
    IncrementalExpiry<V> expiry = new IncrementalExpiry<>(store, lastActiveAt, stamp, retention, PER_RUN);
    context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
      expiry.run(now);
      metrics.storeSize(name, context.taskId().toString(), store.approximateNumEntries());
    });
  }

  /** Examines at most {@code perRun} entries and deletes the idle ones among them; returns how many it deleted. */
  public int run(long now) {
    long cutoff = now - retentionMs;
    List<String> idle = new ArrayList<>();
    List<KeyValue<String, V>> unstamped = new ArrayList<>();
    int examined = 0;
    String next = null;
    try (KeyValueIterator<String, V> it = resumeAt == null ? store.all() : store.range(resumeAt, null)) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (examined == perRun) {
          next = kv.key;
          break;
        }
        examined++;
        long at = lastActiveAt.applyAsLong(kv.value);
        if (at == 0) {
          unstamped.add(KeyValue.pair(kv.key, stamp.apply(kv.value, now)));
        } else if (at < cutoff) {
          idle.add(kv.key);
        }
      }
    }
    resumeAt = next;
    idle.forEach(store::delete);
    unstamped.forEach(kv -> store.put(kv.key, kv.value));
    return idle.size();
  }
}
