package io.mmpipe.gateway.cache;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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

  /** Stores {@code ARGV[2]} under {@code KEYS[1]} only while {@code KEYS[2]} still holds {@code ARGV[1]}. */
  private static final String STORE_UNLESS_CHANGED = """
      local v = redis.call('GET', KEYS[2]) or ''
      if v ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1""";

  /** Moves {@code KEYS[2]} on (kept {@code ARGV[1]} ms) and forgets {@code KEYS[1]}, in one step. */
  private static final String CHANGE = """
      redis.call('INCR', KEYS[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[1])
      redis.call('DEL', KEYS[1])
      return 1""";

  /**
   * Like {@link #get}, for a value that {@link #change} may invalidate while it is being loaded: the version of
   * {@code versionKey} is read before the load, and the loaded value is stored only if that version is still current
   * (compare-and-set in one script). So a load that began before a change and ends after it never stores its stale
   * answer for a TTL; the caller gets it back once and decides (see {@code Memberships}).
   */
  public <T> T getUnlessChanged(String key, String versionKey, Duration ttl, Supplier<T> load,
                                Function<T, String> encode, Function<String, T> decode) {
    String k = keyPrefix + key;
    String vk = keyPrefix + versionKey;
    String version = null;
    if (usable()) {
      try {
        // the version first: a value read after it is at least as new as the version
        String v = redis.get(vk);
        version = v == null ? "" : v;
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
        version = null;
      }
    }
    onMiss.run();
    T value = load.get();
    if (value != null && version != null && usable()) {
      try {
        redis.eval(STORE_UNLESS_CHANGED, List.of(k, vk),
            List.of(version, encode.apply(value), Long.toString(Math.max(1, ttl.toMillis()))));
      } catch (RuntimeException e) {
        pause(e);
      }
    }
    return value;
  }

  /**
   * Forgets {@code key} and moves {@code versionKey} on, so a {@link #getUnlessChanged} load in flight anywhere does
   * not store its answer. The version is kept for {@code keep} (longer than a load takes; an expired version also
   * differs from the one a load read, so expiry never lets a stale answer in). A Redis failure is ignored: the TTL
   * bounds the staleness.
   */
  public void change(String key, String versionKey, Duration keep) {
    if (usable()) {
      try {
        redis.eval(CHANGE, List.of(keyPrefix + key, keyPrefix + versionKey),
            List.of(Long.toString(Math.max(1, keep.toMillis()))));
      } catch (RuntimeException e) {
        pause(e);
      }
    }
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
