package io.mmpipe.sim.rest;

import java.time.Duration;

/**
 * The REST half of fault injection: how many of the next API calls fail, and with which status. The API gate takes
 * one per call ({@link #next}); WebSocket faults live in the hub.
 */
public final class InjectedRestFailures {

  /** One injected failure to answer. */
  public record Failure(int status, long retryAfterSeconds) {}

  private int status;
  private int remaining;
  private Duration retryAfter = Duration.ZERO;

  public synchronized void fail(int status, int count, Duration retryAfter) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
    }
    this.status = status;
    this.remaining = Math.max(0, count);
    this.retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
  }

  /** The failure for this call, or null when calls succeed. */
  public synchronized Failure next() {
    if (remaining <= 0) {
      return null;
    }
    remaining--;
    return new Failure(status, (long) Math.ceil(retryAfter.toMillis() / 1000.0));
  }
}
