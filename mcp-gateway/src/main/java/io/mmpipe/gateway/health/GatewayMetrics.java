package io.mmpipe.gateway.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The gateway's meters, published at {@code /metrics} in the Prometheus text format. */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger subscribers = new AtomicInteger();
  private final Counter delivered;
  private final Counter overflowed;
  private final Counter rejected;
  private final Counter undecodable;
  private final Counter cached;
  private final Timer latency;

  public GatewayMetrics(String instanceId) {
    registry.config().commonTags("instance_id", instanceId);
    Gauge.builder("mmpipe.gateway.subscribers", subscribers, AtomicInteger::get)
        .description("open SSE subscriptions").register(registry);
    delivered = Counter.builder("mmpipe.gateway.updates.delivered")
        .description("updates fanned out to subscribers (one per subscriber per update)").register(registry);
    overflowed = Counter.builder("mmpipe.gateway.subscribers.overflowed")
        .description("subscribers disconnected for falling too far behind").register(registry);
    rejected = Counter.builder("mmpipe.gateway.subscribers.rejected")
        .description("subscriptions refused at the concurrency limit").register(registry);
    undecodable = Counter.builder("mmpipe.gateway.updates.undecodable")
        .description("records of mm.updates that could not be decoded and were skipped").register(registry);
    cached = Counter.builder("mmpipe.gateway.cache.writes")
        .description("updates written to the Redis channel cache").register(registry);
    latency = Timer.builder("mmpipe.gateway.delivery.latency")
        .description("end-to-end latency from the ingestor's observation to delivery to a subscriber")
        .publishPercentiles(0.5, 0.95, 0.99)
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  /** Registers a gauge of the fan-out consumer's lag (records behind the log end; -1 when unknown). */
  public void consumerLag(Supplier<Number> lag) {
    Gauge.builder("mmpipe.gateway.consumer.lag", lag).description("fan-out consumer lag in records")
        .register(registry);
  }

  public void subscriberOpened() {
    subscribers.incrementAndGet();
  }

  public void subscriberClosed() {
    subscribers.decrementAndGet();
  }

  public int subscribers() {
    return subscribers.get();
  }

  /** One update written to one subscriber; {@code observedAtMillis} 0 means unknown. */
  public void delivered(long observedAtMillis) {
    delivered.increment();
    if (observedAtMillis > 0) {
      long ms = System.currentTimeMillis() - observedAtMillis;
      if (ms >= 0) {
        latency.record(Duration.ofMillis(ms));
      }
    }
  }

  public double deliveredCount() {
    return delivered.count();
  }

  public void overflowed() {
    overflowed.increment();
  }

  public void rejected() {
    rejected.increment();
  }

  public void undecodable() {
    undecodable.increment();
  }

  public void cached(int n) {
    cached.increment(n);
  }

  public String scrape() {
    return registry.scrape();
  }
}
