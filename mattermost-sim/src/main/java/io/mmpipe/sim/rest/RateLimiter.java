package io.mmpipe.sim.rest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Mattermost's optional API rate limiter: a token bucket per remote address, 10 requests/s with a burst of 100.
 * Reports its state in the X-Ratelimit-* headers (Reset in SECONDS until the bucket is full again).
 */
public final class RateLimiter {

  public static final int PER_SECOND = 10;
  public static final int BURST = 100;

  /** Outcome of one request: allowed or not, what is left, seconds to full, seconds until the next is allowed. */
  public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}

  private static final class Bucket {
    double tokens = BURST;
    long lastNanos;
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier nanos;

  public RateLimiter() {
    this(System::nanoTime);
  }

  RateLimiter(LongSupplier nanos) {
    this.nanos = nanos;
  }

  public Decision acquire(String remoteAddress) {
    Bucket b = buckets.computeIfAbsent(remoteAddress, k -> {
      Bucket n = new Bucket();
      n.lastNanos = nanos.getAsLong();
      return n;
    });
    synchronized (b) {
      long now = nanos.getAsLong();
      b.tokens = Math.min(BURST, b.tokens + (now - b.lastNanos) / 1e9 * PER_SECOND);
      b.lastNanos = now;
      boolean allowed = b.tokens >= 1;
      if (allowed) {
        b.tokens -= 1;
      }
      long reset = (long) Math.ceil((BURST - b.tokens) / PER_SECOND);
      long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / PER_SECOND));
      return new Decision(allowed, PER_SECOND, (int) Math.floor(b.tokens), reset, retry);
    }
  }
}
