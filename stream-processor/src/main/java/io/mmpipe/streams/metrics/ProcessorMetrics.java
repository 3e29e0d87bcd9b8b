package io.mmpipe.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processor's own meters (Streams' built-in metrics are bound separately in ProcessorMain). Processors run on
 * stream threads, so every meter here is looked up once and cached.
 */
public final class ProcessorMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> in = new ConcurrentHashMap<>();
  private final Map<String, Counter> out = new ConcurrentHashMap<>();
  private final Map<String, Counter> dlq = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> storeEntries = new ConcurrentHashMap<>();
  private final Counter duplicates;
  private final Timer observedToOutput;

  public ProcessorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duplicates = Counter.builder("mmpipe.processor.duplicates.dropped")
        .description("updates dropped because their event id was already seen").register(registry);
    this.observedToOutput = Timer.builder("mmpipe.processor.latency")
        .description("from the ingestor observing an event to the processor emitting its update")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  /** For tests and code that does not export metrics. */
  public static ProcessorMetrics inMemory() {
    return new ProcessorMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordIn(String eventType) {
    // event types are open-ended (plugin events): cap the tag cardinality
    String tag = eventType.startsWith("custom_") ? "custom" : eventType;
    in.computeIfAbsent(tag, t -> Counter.builder("mmpipe.processor.records.in").tag("event_type", t)
        .register(registry)).increment();
  }

  public void recordOut(String updateType, long observedAt) {
    out.computeIfAbsent(updateType, t -> Counter.builder("mmpipe.processor.records.out").tag("update_type", t)
        .register(registry)).increment();
    if (observedAt > 0) {
      observedToOutput.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - observedAt)));
    }
  }

  public void recordDuplicate() {
    duplicates.increment();
  }

  public void recordDeadLetter(String stage) {
    dlq.computeIfAbsent(stage, s -> Counter.builder("mmpipe.processor.dlq").tag("stage", s).register(registry))
        .increment();
  }

  /** Per store and task: the approximate number of entries, refreshed by each processor's punctuator. */
  public void storeSize(String store, String task, long entries) {
    storeEntries.computeIfAbsent(store + "|" + task, k -> {
      AtomicLong v = new AtomicLong();
      registry.gauge("mmpipe.processor.store.entries",
          io.micrometer.core.instrument.Tags.of("store", store, "task", task), v);
      return v;
    }).set(entries);
  }

  public double count(String name, String tagKey, String tagValue) {
    Counter c = registry.find(name).tag(tagKey, tagValue).counter();
    return c == null ? 0 : c.count();
  }

  public double duplicatesDropped() {
    return duplicates.count();
  }
}
