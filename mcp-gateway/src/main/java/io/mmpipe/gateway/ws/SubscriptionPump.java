package io.mmpipe.gateway.ws;

import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Idle;
import io.mmpipe.gateway.stream.Subscription.Overflow;
import io.mmpipe.gateway.stream.Subscription.Reset;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link Subscription} of a WebSocket connection on its own virtual thread, as {@code SseHandler} drives
 * an SSE stream: pull a signal, write it, wait for the client to take it. An overflow is the connection's last
 * message: it is closed after it, and the client resumes with the token the message carries.
 */
final class SubscriptionPump implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionPump.class);
  /** How long one pull waits when nothing comes; only bounds how often an idle pump loops. */
  private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

  private final String id;
  private final Subscription sub;
  private final WsConnection conn;
  private final GatewayMetrics metrics;
  private Thread thread;

  private SubscriptionPump(String id, Subscription sub, WsConnection conn, GatewayMetrics metrics) {
    this.id = id;
    this.sub = sub;
    this.conn = conn;
    this.metrics = metrics;
  }

  /** Starts pumping {@code sub} (which it now owns) under subscription id {@code id}. */
  static SubscriptionPump start(String id, Subscription sub, WsConnection conn, GatewayMetrics metrics) {
    SubscriptionPump p = new SubscriptionPump(id, sub, conn, metrics);
    p.thread = Thread.ofVirtual().name("ws-" + conn.clientId() + "-" + id).start(p::run);
    return p;
  }

  private void run() {
    metrics.subscriberOpened();
    try (sub) {
      while (true) {
        switch (sub.next(IDLE_WAIT)) {
          case Deliver d -> {
            if (!conn.send(WsMessages.update(id, d))) {
              return;
            }
            metrics.delivered(d.event().update().getObservedAt());
          }
          case Idle i -> { }
          case Reset r -> {
            metrics.reset(r.gap().cause().wire());
            if (!conn.send(WsMessages.reset(id, r))) {
              return;
            }
          }
          case Overflow o -> {
            metrics.overflowed();
            conn.send(WsMessages.overflow(id, o));
            log.info("disconnected slow WebSocket client {} (overflow of {})", conn.clientId(), id);
            conn.closeWith(WsConnection.TRY_AGAIN_LATER, "overflow: resume with the token");
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      // unsubscribed, or the connection closed
    } catch (RuntimeException e) {
      log.warn("subscription {} of WebSocket client {} failed", id, conn.clientId(), e);
      conn.closeWith(1011, "internal error");
    } finally {
      metrics.subscriberClosed();
      conn.forget(id, this);
    }
  }

  /** Stops the pump; the subscription is closed by its thread on the way out. */
  @Override
  public void close() {
    thread.interrupt();
  }
}
