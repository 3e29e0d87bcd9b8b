package io.mmpipe.gateway.cache;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Read-through cache of Mattermost answers in Redis: a string key per read (its scope, what and which object), the
 * answer as JSON, expiring after the read's TTL. A hit is served from Redis; a miss is loaded (from Mattermost) and
 * stored. Redis being down is never the caller's problem: the read is loaded directly, and for {@link #PAUSE} after
 * a Redis failure the cache is not even tried, so a dead Redis costs one timeout, not one per read.
 */
public final class ReadCache implements AutoCloseable {

  /** How long a Redis failure turns the cache off before it is tried again. */
  static final Duration PAUSE = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ReadCache.class);

  private final RedisClient redis; // null: no Redis configured, every read is loaded
  private final String keyPrefix;
  private final Runnable onHit;
  private final Runnable onMiss;
  private final LongSupplier nanos;
  private volatile long pausedUntil;

  /**
   * @param redisUrl  the Redis to use, or null to load every read
   * @param keyPrefix prefix of every key (includes the topic prefix)
   * @param onHit     counts a read served from Redis
   * @param onMiss    counts a read that had to be loaded
   */
  public ReadCache(URI redisUrl, String keyPrefix, Runnable onHit, Runnable onMiss) {
    this(redisUrl == null ? null : RedisClients.open(redisUrl), keyPrefix, onHit, onMiss, System::nanoTime);
  }

  ReadCache(RedisClient redis, String keyPrefix, Runnable onHit, Runnable onMiss, LongSupplier nanos) {
    this.redis = redis;
    this.keyPrefix = keyPrefix + "read:";
    this.onHit = onHit;
    this.onMiss = onMiss;
    this.nanos = nanos;
    this.pausedUntil = nanos.getAsLong();
  }

  /**
   * The cached value of {@code key}, or {@code load}'s (then cached for {@code ttl}). {@code encode}/{@code decode}
   * turn the value into the stored text and back; a stored text that does not decode counts as a miss.
   */
  public <T> T get(String key, Duration ttl, Supplier<T> load, Function<T, String> encode,
                   Function<String, T> decode) {
    String k = keyPrefix + key;
    if (usable()) {
      try {
        String cached = redis.get(k);
        if (cached != null) {
          T value = decode.apply(cached);
          if (value != null) {
            onHit.run();
            return value;
          }
        }
      } catch (RuntimeException e) {
        pause(e);
      }
    }
    onMiss.run();
    T value = load.get();
    if (value != null && usable()) {
      try {
        redis.set(k, encode.apply(value), SetParams.setParams().px(Math.max(1, ttl.toMillis())));
      } catch (RuntimeException e) {
        pause(e);
      }
    }
    return value;
  }

  /** Forgets {@code key} (the object changed); a Redis failure is ignored, the TTL bounds the staleness. */
  public void evict(String key) {
    if (usable()) {
      try {
        redis.del(keyPrefix + key);
      } catch (RuntimeException e) {
        pause(e);
      }
    }
  }

  private boolean usable() {
    return redis != null && nanos.getAsLong() - pausedUntil >= 0;
  }

  private void pause(RuntimeException e) {
    log.debug("Redis read cache unavailable for {}: {}", PAUSE, e.toString());
    pausedUntil = nanos.getAsLong() + PAUSE.toNanos();
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
