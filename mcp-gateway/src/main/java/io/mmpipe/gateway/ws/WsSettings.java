package io.mmpipe.gateway.ws;

import java.time.Duration;

/**
 * Limits of the {@code /ws} endpoint; every per-connection resource is bounded by one of them.
 *
 * @param maxFrameBytes    the largest text message accepted; a larger one closes the connection with 1009
 * @param maxConnections   concurrent connections per instance; one more is told {@code too_many_connections}
 * @param maxSubscriptions subscriptions per connection
 * @param burst            commands a connection may send at once (the token bucket's size)
 * @param perSecond        commands per second a connection may keep sending (the bucket's refill)
 * @param floodLimit       refused commands (draining at {@code perSecond}) at which the connection is closed with
 *                         1008
 * @param sendTimeout      how long one message may wait for the client to take it before the connection is dropped
 * @param pingInterval     how often the server pings, which also keeps an idle connection from timing out
 */
public record WsSettings(int maxFrameBytes, int maxConnections, int maxSubscriptions, int burst, double perSecond,
                         int floodLimit, Duration sendTimeout, Duration pingInterval) {

  public WsSettings {
    if (maxFrameBytes < 256 || maxConnections < 1 || maxSubscriptions < 1 || burst < 1 || perSecond <= 0
        || floodLimit < 1 || sendTimeout.isNegative() || sendTimeout.isZero() || pingInterval.isZero()) {
      throw new IllegalArgumentException("invalid WebSocket settings: " + this);
    }
  }

  /** 64 KiB frames, 10,000 connections, 16 subscriptions each, 20 commands at once and 10 a second. */
  public static WsSettings defaults() {
    return new WsSettings(64 * 1024, 10_000, 16, 20, 10, 100, Duration.ofSeconds(60), Duration.ofSeconds(15));
  }
}
