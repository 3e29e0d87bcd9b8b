package io.mmpipe.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's meters, shared by the features that count (SSE, the fan-out, the cache writer) and published by
 * {@link MetricsRoutes} at {@code /metrics}.
 */
public final class GatewayMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger subscribers = new AtomicInteger();
  private final ClientCounts clients = new ClientCounts();
  private final Counter delivered;
  private final Counter overflowed;
  private final Counter rejected;
  private final Counter undecodable;
  private final Counter cached;
  private final Counter readHits;
  private final Counter readMisses;
  private final Timer latency;

  public GatewayMetrics(String instanceId) {
    registry.config().commonTags("instance_id", instanceId);
    gauge("mmpipe.gateway.subscribers", "open subscriptions (SSE streams and MCP GET/listen streams)",
        subscribers::get);
    for (ClientCounts.Transport t : ClientCounts.Transport.values()) {
      Gauge.builder("mmpipe.gateway.clients", () -> clients.count(t)).tag("transport", t.wire())
          .description("clients connected now, per push transport").register(registry);
    }
    delivered = counter("mmpipe.gateway.updates.delivered",
        "updates fanned out to subscribers (one per subscriber per update)");
    overflowed = counter("mmpipe.gateway.subscribers.overflowed",
        "subscribers disconnected for falling too far behind");
    rejected = counter("mmpipe.gateway.subscribers.rejected", "subscriptions refused at the concurrency limit");
    undecodable = counter("mmpipe.gateway.updates.undecodable",
        "records of mm.updates that could not be decoded and were skipped");
    cached = counter("mmpipe.gateway.cache.writes", "updates written to the Redis channel cache");
    readHits = Counter.builder("mmpipe.gateway.cache.reads").tag("result", "hit")
        .description("reads (resources, read tools) served from Redis, or loaded from Mattermost on a miss")
        .register(registry);
    readMisses = Counter.builder("mmpipe.gateway.cache.reads").tag("result", "miss")
        .description("reads (resources, read tools) served from Redis, or loaded from Mattermost on a miss")
        .register(registry);
    gauge("mmpipe.gateway.cache.hit.ratio", "hits / (hits + misses) of reads since start (0 before any read)",
        this::hitRatio);
    latency = Timer.builder("mmpipe.gateway.delivery.latency")
        .description("end-to-end latency from the ingestor's observation to delivery to a subscriber")
        .publishPercentiles(0.5, 0.95, 0.99)
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** Registers a gauge of the fan-out consumer's lag (records behind the log end; -1 when unknown). */
  public void consumerLag(Supplier<Number> lag) {
    gauge("mmpipe.gateway.consumer.lag", "fan-out consumer lag in records", lag);
  }

  /** Registers a gauge of the catch-up readers open now. */
  public void catchUpReaders(Supplier<Number> live) {
    gauge("mmpipe.gateway.catchup.readers", "Kafka readers open for subscribers resuming behind the ring", live);
  }

  /** Registers a gauge of how many times the fan-out consumer was replaced after a failure. */
  public void fanOutRestarts(Supplier<Number> restarts) {
    gauge("mmpipe.gateway.consumer.restarts", "fan-out consumer replacements after a failure", restarts);
  }

  /** Connected clients per transport (SSE, WebSocket, MCP streams), for {@code /v1/stats} and the meters. */
  public ClientCounts clients() {
    return clients;
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

  /** A resumed subscriber was told its token is outside the log ({@code reason}: one of two fixed causes). */
  public void reset(String reason) {
    Counter.builder("mmpipe.gateway.subscribers.reset").tag("reason", reason)
        .description("resumed subscribers sent a reset: their token was outside the log").register(registry)
        .increment();
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

  /** A read served from the Redis cache. */
  public void cacheHit() {
    readHits.increment();
  }

  /** A read the Redis cache did not have (or Redis was down): loaded from Mattermost. */
  public void cacheMiss() {
    readMisses.increment();
  }

  public double cacheHits() {
    return readHits.count();
  }

  public double cacheMisses() {
    return readMisses.count();
  }

  private double hitRatio() {
    double all = readHits.count() + readMisses.count();
    return all == 0 ? 0 : readHits.count() / all;
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }
}
