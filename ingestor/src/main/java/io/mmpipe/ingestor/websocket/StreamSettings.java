package io.mmpipe.ingestor.websocket;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;

/**
 * @param baseUrl              the Mattermost site URL (http or https)
 * @param helloTimeout         no hello within this after connecting fresh = probably a bad token
 * @param pingInterval         how often the {@code ping} action goes out; no reply by the next tick = dead socket
 * @param autoReconnect        reconnect after a drop
 * @param reconnectDelay       base of the exponential backoff (see {@link #reconnectBackoff()})
 * @param maxReconnectDelay    cap of the backoff, jitter included
 * @param maxReconnectAttempts consecutive failed attempts before giving up; 0 = never give up
 * @param maxQueuedFrames      frames read and not yet handled; the socket reader waits when this many are queued
 * @param maxUnacked           events handed on and not yet acknowledged; reading pauses when this many are
 */
public record StreamSettings(URI baseUrl, Secret token, Duration helloTimeout, Duration pingInterval,
                             boolean autoReconnect, Duration reconnectDelay, Duration maxReconnectDelay,
                             int maxReconnectAttempts, int maxQueuedFrames, int maxUnacked) {

  public static final int DEFAULT_MAX_QUEUED_FRAMES = 1_000;
  public static final int DEFAULT_MAX_UNACKED = 10_000;

  public StreamSettings {
    if (maxQueuedFrames < 1 || maxUnacked < 1) {
      throw new IllegalArgumentException("maxQueuedFrames and maxUnacked must be positive");
    }
  }

  /** With the default queue bounds. */
  public StreamSettings(URI baseUrl, Secret token, Duration helloTimeout, Duration pingInterval,
      boolean autoReconnect, Duration reconnectDelay, Duration maxReconnectDelay, int maxReconnectAttempts) {
    this(baseUrl, token, helloTimeout, pingInterval, autoReconnect, reconnectDelay, maxReconnectDelay,
        maxReconnectAttempts, DEFAULT_MAX_QUEUED_FRAMES, DEFAULT_MAX_UNACKED);
  }

  /** How far a reconnect wait strays either side of its doubling, so many ingestors do not reconnect in lockstep. */
  static final double RECONNECT_JITTER = 0.5;

  /** The WebSocket endpoint, with the resume parameters when we have a connection to resume. */
  URI endpoint(String connectionId, long nextSeq) {
    String s = baseUrl.toString();
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    s = s.replaceFirst("^http", "ws") + "/api/v4/websocket";
    if (connectionId != null) {
      // sequence_number is mandatory with connection_id: the first seq we have NOT seen
      s += "?connection_id=" + connectionId + "&sequence_number=" + nextSeq;
    }
    return URI.create(s);
  }

  /**
   * The wait in ms before reconnect attempt n (1-based): {@code reconnectDelay} doubling per attempt, randomized by
   * ±{@link #RECONNECT_JITTER}, never more than {@code maxReconnectDelay}. The stream counts attempts from 1 again
   * after every successful hello, event or ping reply.
   */
  IntervalFunction reconnectBackoff() {
    return IntervalFunction.ofExponentialRandomBackoff(Math.max(1, reconnectDelay.toMillis()), 2.0, RECONNECT_JITTER,
        Math.max(1, maxReconnectDelay.toMillis()));
  }
}
