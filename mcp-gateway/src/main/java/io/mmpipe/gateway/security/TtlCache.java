package io.mmpipe.gateway.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A small in-memory cache in front of Redis (and instead of it while Redis is down): at most {@code capacity}
 * entries, the least recently used dropped first, each forgotten {@code ttl} after it was stored, so a revoked
 * token or a lost membership is never trusted longer than the TTL.
 */
final class TtlCache<K, V> {

  private record Slot<V>(V value, long expiresAt) {}

  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier nanos;
  private final LinkedHashMap<K, Slot<V>> map;

  TtlCache(int capacity, Duration ttl, LongSupplier nanos) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.nanos = nanos;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
        return size() > TtlCache.this.capacity;
      }
    };
  }

  synchronized V get(K key) {
    Slot<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (nanos.getAsLong() - e.expiresAt() >= 0) {
      map.remove(key);
      return null;
    }
    return e.value();
  }

  synchronized void put(K key, V value) {
    map.put(key, new Slot<>(value, nanos.getAsLong() + ttlNanos));
  }

  /** Changes a present, unexpired value in place (keeping its expiry); absent keys stay absent. */
  synchronized void update(K key, UnaryOperator<V> change) {
    Slot<V> e = map.get(key);
    if (e != null) {
      map.put(key, new Slot<>(change.apply(e.value()), e.expiresAt()));
    }
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized int size() {
    return map.size();
  }
}
