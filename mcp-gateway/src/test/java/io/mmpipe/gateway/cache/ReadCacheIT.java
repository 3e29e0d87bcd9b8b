package io.mmpipe.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.redis.RedisClients;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read-through cache on a real redis-server: hits, misses, TTL, eviction, and Redis going away and back. */
class ReadCacheIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger misses = new AtomicInteger();
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();

  private ReadCache cache() {
    return new ReadCache(RedisClients.open(URI.create(REDIS.url())), KafkaExtension.uniqueName("rc") + ":",
        hits::incrementAndGet, misses::incrementAndGet, nanos::get);
  }

  private String get(ReadCache c, String key, Duration ttl) {
    return c.get(key, ttl, () -> "v" + loads.incrementAndGet(), Function.identity(), Function.identity());
  }

  @Test
  void shouldLoadOnAMissServeTheHitAndLoadAgainAfterTheTtlOrAnEviction() throws Exception {
    try (ReadCache c = cache()) {
      assertThat(get(c, "a", Duration.ofMinutes(1))).isEqualTo("v1");
      assertThat(get(c, "a", Duration.ofMinutes(1))).isEqualTo("v1");
      assertThat(hits.get()).isEqualTo(1);
      assertThat(misses.get()).isEqualTo(1);

      c.evict("a");
      assertThat(get(c, "a", Duration.ofMinutes(1))).as("evicted: loaded again").isEqualTo("v2");

      assertThat(get(c, "short", Duration.ofMillis(50))).isEqualTo("v3");
      Thread.sleep(200);
      assertThat(get(c, "short", Duration.ofMillis(50))).as("expired: loaded again").isEqualTo("v4");
      assertThat(misses.get()).isEqualTo(4);
    }
  }

  @Test
  void shouldLoadEveryReadWhileRedisIsDownAndUseRedisAgainOncePausedLongEnough() {
    try (ReadCache c = cache()) {
      get(c, "k", Duration.ofMinutes(1));
      REDIS.server().stop();
      try {
        c.evict("k"); // fails: Redis is off, the cache pauses itself
        assertThat(get(c, "k", Duration.ofMinutes(1))).as("loaded, not an error").isEqualTo("v2");
        assertThat(get(c, "k", Duration.ofMinutes(1))).isEqualTo("v3");
      } finally {
        REDIS.server().restart();
      }
      // still paused: Redis is not asked even though it is back
      assertThat(get(c, "k", Duration.ofMinutes(1))).isEqualTo("v4");
      nanos.addAndGet(ReadCache.PAUSE.toNanos());
      assertThat(hits.get()).isZero();
      // after the pause Redis is used again (it restarted empty: one miss that fills it, then hits)
      assertThat(get(c, "k", Duration.ofMinutes(1))).isEqualTo("v5");
      assertThat(get(c, "k", Duration.ofMinutes(1))).as("served from Redis again").isEqualTo("v5");
      assertThat(hits.get()).isEqualTo(1);
    }
  }
}
