package io.mmpipe.ingestor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** Every meter the ingestor publishes, named once here so the dashboards and the code agree. */
public final class IngestorMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter reconnects = Counter.builder("mmpipe.ingestor.ws.reconnects")
      .description("WebSocket reconnect attempts").register(registry);
  private final Counter resumes = Counter.builder("mmpipe.ingestor.ws.resumes")
      .description("reconnects the server resumed without loss (same connection id)").register(registry);
  private final Counter catchUps = Counter.builder("mmpipe.ingestor.catchups")
      .description("REST catch-ups of every channel after events were lost").register(registry);
  private final Counter producerErrors = Counter.builder("mmpipe.ingestor.producer.errors")
      .description("records Kafka refused").register(registry);
  private final Counter deadLetters = Counter.builder("mmpipe.ingestor.dlq")
      .description("frames that could not be parsed, sent to the dead-letter topic").register(registry);
  private final Counter pollFailures = Counter.builder("mmpipe.ingestor.poll.failures")
      .description("channel polls that failed").register(registry);
  private final Timer pollLatency = Timer.builder("mmpipe.ingestor.poll.latency")
      .description("time to poll one channel (posts and reactions)").publishPercentileHistogram().register(registry);

  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public void event(String type, String source) {
    // plugin events have unbounded names: fold them so the label set stays small
    String t = type.startsWith("custom_") ? "custom" : type;
    registry.counter("mmpipe.ingestor.events", "type", t, "source", source).increment();
  }

  public double events(String type, String source) {
    Counter c = registry.find("mmpipe.ingestor.events").tags("type", type, "source", source).counter();
    return c == null ? 0 : c.count();
  }

  public void reconnect() {
    reconnects.increment();
  }

  public void resume() {
    resumes.increment();
  }

  public void catchUp() {
    catchUps.increment();
  }

  public void producerError() {
    producerErrors.increment();
  }

  public void deadLetter() {
    deadLetters.increment();
  }

  public void pollFailure() {
    pollFailures.increment();
  }

  public void pollLatency(Duration d) {
    pollLatency.record(d);
  }

  public long reconnects() {
    return (long) reconnects.count();
  }

  public long resumes() {
    return (long) resumes.count();
  }

  public long catchUps() {
    return (long) catchUps.count();
  }

  public long producerErrors() {
    return (long) producerErrors.count();
  }

  public long deadLetters() {
    return (long) deadLetters.count();
  }
}
