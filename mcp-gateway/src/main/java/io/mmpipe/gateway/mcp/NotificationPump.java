package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.sse.SseWriter;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns a {@link Subscription} into {@code notifications/resources/updated} on an SSE stream: for each update, one
 * notification per watched uri it changes. The stream's thread drives it (the subscription is pull-based, as on
 * {@code /events}), re-reading the watched uris every {@code refresh} and taking changes pushed by this instance at
 * once. Event ids, when wanted, are the subscription's resume tokens, so {@code Last-Event-ID} resumes exactly.
 */
final class NotificationPump {

  /** Why a stream ended. */
  enum End { STOPPED, OVERFLOW }

  private final ResourceRegistry resources;
  private final GatewayMetrics metrics;
  private final Duration keepAlive;
  private final Duration refresh;

  NotificationPump(ResourceRegistry resources, GatewayMetrics metrics, Duration keepAlive, Duration refresh) {
    this.resources = resources;
    this.metrics = metrics;
    this.keepAlive = keepAlive;
    this.refresh = refresh;
  }

  /**
   * Runs until the stream must stop or overflows.
   *
   * @param watched      the uris to notify about, re-read every {@code refresh}; null keeps the previous set
   * @param notification the notification for a uri
   * @param withIds      whether events carry resume ids (the legacy GET stream)
   * @throws IOException when the client went away
   */
  End run(Subscription sub, SseWriter w, OpenStreams.Handle handle, Supplier<Set<String>> watched,
          Function<String, ObjectNode> notification, boolean withIds) throws IOException, InterruptedException {
    metrics.subscriberOpened();
    try {
      return pump(sub, w, handle, watched, notification, withIds);
    } finally {
      metrics.subscriberClosed();
    }
  }

  private End pump(Subscription sub, SseWriter w, OpenStreams.Handle handle, Supplier<Set<String>> watched,
                   Function<String, ObjectNode> notification, boolean withIds) throws IOException,
      InterruptedException {
    Map<String, Predicate<ResourceUpdate>> watch = matchers(watched.get());
    long now = System.nanoTime();
    long nextRefresh = now + refresh.toNanos();
    long lastWrite = now;
    Duration wait = Duration.ofMillis(Math.min(refresh.toMillis(), Math.min(keepAlive.toMillis(), 500)));
    while (!handle.stopRequested()) {
      Set<String> pushed = handle.takePushed();
      if (pushed != null) {
        watch = matchers(pushed);
      }
      Subscription.Signal s = sub.next(w.pending() ? Duration.ZERO : wait);
      switch (s) {
        case Subscription.Deliver d -> {
          pushed = handle.takePushed(); // a change made while we waited applies to what arrives after it
          if (pushed != null) {
            watch = matchers(pushed);
          }
          String last = null;
          for (var e : watch.entrySet()) {
            if (e.getValue().test(d.event().update())) {
              if (last != null) {
                w.event("message", null, notification.apply(last).toString());
              }
              last = e.getKey();
            }
          }
          if (last != null) {
            w.event("message", withIds ? d.token() : null, notification.apply(last).toString());
            metrics.delivered(d.event().update().getObservedAt());
          }
        }
        case Subscription.Idle i -> {
          if (w.pending()) {
            w.flush();
            lastWrite = System.nanoTime();
          }
        }
        case Subscription.Reset r -> {
          // updates were lost (retention, recreated topic): every watched resource may have changed, re-read it
          for (String uri : watch.keySet()) {
            w.event("message", withIds ? r.token() : null, notification.apply(uri).toString());
          }
          metrics.reset(r.gap().cause().wire());
        }
        case Subscription.Overflow o -> {
          w.flush();
          metrics.overflowed();
          return End.OVERFLOW;
        }
      }
      now = System.nanoTime();
      if (w.size() > 64 * 1024) {
        w.flush();
        lastWrite = now;
      }
      if (now - lastWrite > keepAlive.toNanos()) {
        w.comment("keep-alive").flush();
        lastWrite = now;
      }
      if (now > nextRefresh) {
        Set<String> fresh = watched.get();
        if (fresh != null) {
          watch = matchers(fresh);
        }
        nextRefresh = now + refresh.toNanos();
      }
    }
    w.flush();
    return End.STOPPED;
  }

  private Map<String, Predicate<ResourceUpdate>> matchers(Set<String> uris) {
    Map<String, Predicate<ResourceUpdate>> m = new LinkedHashMap<>();
    if (uris != null) {
      for (String uri : uris) {
        resources.changes(uri).ifPresent(p -> m.put(uri, p));
      }
    }
    return m;
  }
}
