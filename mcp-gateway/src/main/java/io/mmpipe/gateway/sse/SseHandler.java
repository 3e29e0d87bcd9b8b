package io.mmpipe.gateway.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.JsonText;
import io.mmpipe.gateway.metrics.ClientCounts;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.SignalBodies;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.StreamGate;
import io.mmpipe.gateway.stream.StreamStart;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Idle;
import io.mmpipe.gateway.stream.Subscription.Overflow;
import io.mmpipe.gateway.stream.Subscription.Reset;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: the update stream as Server-Sent Events. The request's own (virtual) thread drives the
 * subscription and does the blocking writes, so a slow client holds only its own thread; events are flushed in
 * batches whenever nothing more is immediately available.
 */
public final class SseHandler implements Handler {

  private static final Logger log = LoggerFactory.getLogger(SseHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bytes of events a stream frames before it sends them, busy or not. */
  static final int MAX_BATCH_BYTES = 64 * 1024;

  /** Settings of the SSE endpoint. */
  public record Settings(Duration keepAlive, Duration retry, int maxSubscribers, String instanceId) {}

  private final StreamDirectory directory;
  private final PrincipalResolver principals;
  private final GatewayMetrics metrics;
  private final Settings settings;
  private final Semaphore slots;

  public SseHandler(UpdateStreams streams, PrincipalResolver principals, GatewayMetrics metrics, Settings settings) {
    this(new StreamDirectory(streams), principals, metrics, settings);
  }

  /** Serves a resource with a stream of its own ({@code stream://broadcasts}) from that stream. */
  public SseHandler(StreamDirectory directory, PrincipalResolver principals, GatewayMetrics metrics,
                    Settings settings) {
    this.directory = directory;
    this.principals = principals;
    this.metrics = metrics;
    this.settings = settings;
    this.slots = new Semaphore(settings.maxSubscribers());
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Principal principal = principals.resolve(ctx);
    SubscriptionFilter filter;
    try {
      filter = SubscriptionFilter.fromQuery(ctx.queryParamMap());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_filter", e.getMessage());
    }
    UpdateStreams streams = streamFor(filter);
    UpdateStreams.StartAt start = startAt(ctx);
    boolean typed = typed(ctx);
    StreamGate.check(streams).ifPresent(r -> {
      throw new ApiException(503, r.code(), r.message(), Map.of("Retry-After", String.valueOf(r.retryAfterSeconds())));
    });
    if (!slots.tryAcquire()) {
      metrics.rejected();
      throw new ApiException(503, "too_many_subscribers", "this instance serves its maximum of "
          + settings.maxSubscribers() + " subscribers", Map.of("Retry-After", "5"));
    }
    try (Subscription sub = open(streams, start, filter, principal);
         ClientCounts.Lease client = metrics.clients().open(ClientCounts.Transport.SSE)) {
      metrics.subscriberOpened();
      try {
        stream(ctx, sub, typed);
      } finally {
        metrics.subscriberClosed();
      }
    } finally {
      slots.release();
    }
  }

  private UpdateStreams streamFor(SubscriptionFilter filter) {
    try {
      return directory.forFilter(filter);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_filter", e.getMessage());
    }
  }

  private static Subscription open(UpdateStreams streams, UpdateStreams.StartAt start, SubscriptionFilter filter,
                                   Principal principal) {
    try {
      return streams.open(start, filter, principal::canSee);
    } catch (ResumeToken.InvalidTokenException e) {
      throw new ApiException(400, "invalid_resume_token", e.getMessage());
    }
  }

  private static UpdateStreams.StartAt startAt(Context ctx) {
    String token = ctx.header("Last-Event-ID");
    if (token == null || token.isBlank()) {
      token = ctx.queryParam("last_event_id");
    }
    try {
      return StreamStart.parse(token, ctx.queryParam("from"), Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_from", e.getMessage());
    }
  }

  /**
   * {@code typed=false}: every update as an unnamed event, which a browser's {@code EventSource.onmessage} receives
   * whatever its type (a named event reaches only a listener for that exact name, so a client would miss every
   * update type it does not know yet). The type is in the JSON either way.
   */
  private static boolean typed(Context ctx) {
    String typed = ctx.queryParam("typed");
    if (typed == null || typed.equals("true")) {
      return true;
    }
    if (typed.equals("false")) {
      return false;
    }
    throw new ApiException(400, "invalid_typed", "typed must be 'true' or 'false'");
  }

  private void stream(Context ctx, Subscription sub, boolean typed) throws InterruptedException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    ctx.res().setHeader("Connection", "keep-alive");
    try {
      SseWriter w = new SseWriter(ctx.res().getOutputStream());
      w.retry(settings.retry().toMillis());
      // an id before the first update, so a client that saw nothing can still resume from where it started
      w.event("ready", sub.token(),
          JsonText.write(JSON.createObjectNode().put("instance_id", settings.instanceId())));
      w.flush();
      Duration wait = Duration.ZERO;
      while (true) {
        Subscription.Signal s = sub.next(wait);
        switch (s) {
          case Deliver d -> {
            w.event(typed ? d.event().update().getUpdateType() : "message", d.token(), d.event().json());
            metrics.delivered(d.event().update().getObservedAt());
            wait = Duration.ZERO;
            if (w.size() > MAX_BATCH_BYTES) {
              // bound the batch: a busy stream must not hold a large buffer per subscriber; it keeps the one it
              // has while busy (a catch-up sends batch after batch), and the flush once idle shrinks it
              w.flushKeepingBuffer();
            }
          }
          case Idle i -> {
            if (w.pending() || wait.isZero()) {
              w.flush(); // nothing more right now: send the batch, then block until something comes
              wait = settings.keepAlive();
            } else {
              w.comment("keep-alive").flush();
            }
          }
          case Reset r -> {
            // the token's position is gone from the log: say what was lost and where the stream goes on
            w.event("reset", r.token(), JsonText.write(SignalBodies.reset(r))).flush();
            metrics.reset(r.gap().cause().wire());
          }
          case Overflow o -> {
            metrics.overflowed();
            w.event("overflow", o.token(), JsonText.write(SignalBodies.overflow(o))).flush();
            log.info("disconnected a slow SSE subscriber (overflow)");
            return;
          }
        }
      }
    } catch (IOException e) {
      log.debug("SSE client went away: {}", e.toString());
    }
  }
}
