package io.mmpipe.sim.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Mattermost's optional API rate limiter: a token bucket per remote address, 10 requests/s with a burst of 100.
 * Reports its state in the X-Ratelimit-* headers (Reset in SECONDS until the bucket is full again). Remembers at most
 * {@link #MEMORY_STORE_SIZE} addresses, as the server's in-memory store (RateLimitSettings.MemoryStoreSize, default
 * 10,000, an LRU): the least recently seen one is forgotten and starts again with a full bucket.
 */
public final class RateLimiter {

  public static final int PER_SECOND = 10;
  public static final int BURST = 100;
  public static final int MEMORY_STORE_SIZE = 10_000;

  /** Outcome of one request: allowed or not, what is left, seconds to full, seconds until the next is allowed. */
  public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}

  private static final class Bucket {
    double tokens = BURST;
    long lastNanos;
  }

  private final int capacity;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets; // access order: the eldest is the least recently seen address

  public RateLimiter() {
    this(System::nanoTime, MEMORY_STORE_SIZE);
  }

  RateLimiter(LongSupplier nanos, int capacity) {
    this.nanos = nanos;
    this.capacity = capacity;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > RateLimiter.this.capacity;
      }
    };
  }

  /** How many addresses are remembered (at most {@link #MEMORY_STORE_SIZE}). */
  synchronized int remembered() {
    return buckets.size();
  }

  public synchronized Decision acquire(String remoteAddress) {
    Bucket b = buckets.computeIfAbsent(remoteAddress, k -> {
      Bucket n = new Bucket();
      n.lastNanos = nanos.getAsLong();
      return n;
    });
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
