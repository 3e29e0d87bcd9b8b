package io.mmpipe.gateway.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a principal's name): {@code burst} requests at once, refilled at {@code perSecond}.
 * At most {@code maxKeys} buckets are kept; past that the least recently used is forgotten. A forgotten key starts
 * again with a full bucket, so the cap bounds memory at the cost of letting a key that was evicted burst once more.
 */
public final class TokenBuckets {

  private record Bucket(double tokens, long at) {}

  private final double burst;
  private final double perNano;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets;

  public TokenBuckets(int burst, double perSecond, int maxKeys, LongSupplier nanos) {
    if (burst < 1 || perSecond <= 0 || maxKeys < 1) {
      throw new IllegalArgumentException("burst, perSecond and maxKeys must be positive");
    }
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.nanos = nanos;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return 0 when the request may go on, else the whole seconds (at least 1) until a token is back
   */
  public synchronized long take(String key) {
    long now = nanos.getAsLong();
    Bucket b = buckets.get(key);
    double tokens = b == null ? burst : Math.min(burst, b.tokens() + (now - b.at()) * perNano);
    if (tokens >= 1) {
      buckets.put(key, new Bucket(tokens - 1, now));
      return 0;
    }
    buckets.put(key, new Bucket(tokens, now));
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
  }

  /** How many keys are remembered (at most the cap). */
  public synchronized int size() {
    return buckets.size();
  }
}
