package io.mmpipe.gateway.health;

import io.mmpipe.gateway.stream.UpdateFanOut;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds the {@code /health} report. Kafka is essential (DOWN without it); Redis and Mattermost are not (the gateway
 * serves from Kafka without them), so their failure makes the gateway DEGRADED.
 */
public final class HealthService implements AutoCloseable {

  private static final Duration MATTERMOST_CACHE = Duration.ofSeconds(5);

  private final Supplier<UpdateFanOut.Status> kafka;
  private final BooleanSupplier redisPing; // null: Redis not configured
  private final URI mattermostUrl;          // null: not configured
  private final HttpClient http;
  private volatile Component mattermostLast;
  private volatile long mattermostCheckedAt;

  public HealthService(Supplier<UpdateFanOut.Status> kafka, BooleanSupplier redisPing, URI mattermostUrl) {
    this.kafka = kafka;
    this.redisPing = redisPing;
    this.mattermostUrl = mattermostUrl;
    this.http = mattermostUrl == null ? null
        : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Component states; UP and DISABLED/NOT_CONFIGURED never degrade the whole. */
  public enum State { UP, DOWN, DISABLED, NOT_CONFIGURED }

  public record Component(State status, Map<String, Object> details) {}

  public record Report(String status, Map<String, Component> components) {
    public int httpStatus() {
      return "DOWN".equals(status) ? 503 : 200;
    }
  }

  public Report check() {
    Map<String, Component> c = new LinkedHashMap<>();
    c.put("kafka", kafka());
    c.put("redis", redis());
    c.put("mattermost", mattermost());
    String status;
    if (c.get("kafka").status() == State.DOWN) {
      status = "DOWN";
    } else if (c.values().stream().anyMatch(x -> x.status() == State.DOWN)) {
      status = "DEGRADED";
    } else {
      status = "UP";
    }
    return new Report(status, c);
  }

  private Component kafka() {
    UpdateFanOut.Status s = kafka.get();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("partitions", s.partitions());
    d.put("lag", s.lag());
    d.put("consumed", s.consumed());
    long since = s.lastPollMillis() == 0 ? -1 : System.currentTimeMillis() - s.lastPollMillis();
    d.put("last_poll_ms_ago", since);
    boolean ok = s.healthy(System.currentTimeMillis());
    if (s.error() != null) {
      d.put("error", s.error());
    }
    return new Component(ok ? State.UP : State.DOWN, d);
  }

  private Component redis() {
    if (redisPing == null) {
      return new Component(State.DISABLED, Map.of("detail", "REDIS_URL not set; running without the cache"));
    }
    boolean up = redisPing.getAsBoolean();
    return new Component(up ? State.UP : State.DOWN,
        Map.of("detail", up ? "PING ok" : "unreachable; serving from Kafka without the cache"));
  }

  private Component mattermost() {
    if (mattermostUrl == null) {
      return new Component(State.NOT_CONFIGURED, Map.of("detail", "MATTERMOST_URL not set"));
    }
    long now = System.currentTimeMillis();
    Component last = mattermostLast;
    if (last != null && now - mattermostCheckedAt < MATTERMOST_CACHE.toMillis()) {
      return last; // /health may be polled often; do not turn that into load on Mattermost
    }
    Component fresh;
    try {
      URI ping = URI.create(mattermostUrl.toString().replaceAll("/+$", "") + "/api/v4/system/ping");
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      fresh = new Component(r.statusCode() == 200 ? State.UP : State.DOWN, Map.of("http_status", r.statusCode()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fresh = new Component(State.DOWN, Map.of("detail", "interrupted"));
    } catch (Exception e) {
      fresh = new Component(State.DOWN, Map.of("detail", "unreachable: " + e.getClass().getSimpleName()));
    }
    mattermostLast = fresh;
    mattermostCheckedAt = now;
    return fresh;
  }

  /** Stops the Mattermost ping client (an {@link HttpClient} holds a selector thread); idempotent. */
  @Override
  public void close() {
    if (http != null) {
      http.shutdownNow();
    }
  }
}
