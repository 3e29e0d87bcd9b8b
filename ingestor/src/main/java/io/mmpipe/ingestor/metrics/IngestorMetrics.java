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
  private final Counter reconnects = counter("mmpipe.ingestor.ws.reconnects", "WebSocket reconnect attempts");
  private final Counter resumes = counter("mmpipe.ingestor.ws.resumes",
      "reconnects the server resumed without loss (same connection id)");
  private final Counter catchUps = counter("mmpipe.ingestor.catchups",
      "REST catch-ups of every channel after events were lost");
  private final Counter producerErrors = counter("mmpipe.ingestor.producer.errors", "records Kafka refused");
  private final Counter deadLetters = counter("mmpipe.ingestor.dlq",
      "frames that could not be parsed, sent to the dead-letter topic");
  private final Counter pollFailures = counter("mmpipe.ingestor.poll.failures", "channel polls that failed");
  private final Timer pollLatency = Timer.builder("mmpipe.ingestor.poll.latency")
      .description("time to poll one channel (posts and reactions)").publishPercentileHistogram().register(registry);

  private final Counter catchUpGaps = counter("mmpipe.ingestor.catchup.gaps",
      "capped catch-ups whose changes the API could not all reach (each also sent as a gap update)");

  private final Counter statusPolls = counter("mmpipe.ingestor.status.polls",
      "readings of the watched channels' members' statuses");

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

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

  public void catchUpGap() {
    catchUpGaps.increment();
  }

  public long catchUpGaps() {
    return (long) catchUpGaps.count();
  }

  public void statusPoll() {
    statusPolls.increment();
  }

  public long statusPolls() {
    return (long) statusPolls.count();
  }
}
