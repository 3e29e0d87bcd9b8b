package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.mmpipe.gateway.redis.RedisClients;
import redis.clients.jedis.RedisClient;

/**
 * A scope lookup that starts before a membership removal and stores its answer after it, with the interleaving forced
 * by latches (no timing): neither the memory cache nor Redis (real redis-server, shared by two instances) keeps the
 * stale scope, and the lookup itself answers the scope after the removal.
 */
class MembershipsRaceIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  private static final Secret TOKEN = Secret.of("alice-race-token");
  private static final Duration TTL = Duration.ofMinutes(10);

  /** Mattermost's truth: alice is in {@code priv} until the test removes her. */
  private final AtomicReference<Set<String>> mattermost = new AtomicReference<>(Set.of("pub", "priv"));
  private final CountDownLatch loading = new CountDownLatch(1);
  private final CountDownLatch proceed = new CountDownLatch(1);
  private final AtomicInteger loadsA = new AtomicInteger();
  private final AtomicInteger loadsB = new AtomicInteger();
  private final String prefix = "race-" + System.nanoTime() + ":";
  private ReadCache cacheA;
  private ReadCache cacheB;

  @AfterEach
  void close() {
    cacheA.close();
    cacheB.close();
  }

  /** Instance A's first load reads Mattermost before the removal, then waits until the test lets it return. */
  private Memberships instanceA() {
    cacheA = new ReadCache(URI.create(REDIS.url()), prefix, () -> { }, () -> { });
    return new Memberships(cacheA, t -> {
      Set<String> answer = mattermost.get();
      if (loadsA.incrementAndGet() == 1) {
        loading.countDown();
        await(proceed);
      }
      return answer;
    }, TTL, 100, System::nanoTime);
  }

  private Memberships instanceB() {
    cacheB = new ReadCache(URI.create(REDIS.url()), prefix, () -> { }, () -> { });
    return new Memberships(cacheB, t -> {
      loadsB.incrementAndGet();
      return mattermost.get();
    }, TTL, 100, System::nanoTime);
  }

  @Test
  void shouldNotCacheAScopeLoadedBeforeARemovalThatArrivedDuringTheLoad() throws Exception {
    Memberships a = instanceA();
    Memberships b = instanceB();
    CompletableFuture<Set<String>> lookup = CompletableFuture.supplyAsync(() -> a.channels("alice", TOKEN));
    assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
    // the removal happens in Mattermost, then reaches both instances through mm.updates
    mattermost.set(Set.of("pub"));
    a.apply(MembershipsTest.member("member_removed", "alice", "priv"));
    b.apply(MembershipsTest.member("member_removed", "alice", "priv"));
    proceed.countDown();

    assertThat(lookup.get(30, TimeUnit.SECONDS)).as("the racing lookup asked again").containsExactly("pub");
    assertThat(loadsA).hasValue(2);
    assertThat(a.channels("alice", TOKEN)).as("instance A's memory").containsExactly("pub");
    assertThat(b.channels("alice", TOKEN)).as("instance B, through Redis").containsExactly("pub");
    assertThat(loadsA).as("A serves from memory now").hasValue(2);
    try (RedisClient redis = RedisClients.open(URI.create(REDIS.url()))) {
      assertThat(redis.get(prefix + "read:scope:alice")).isEqualTo("pub");
      assertThat(redis.pttl(prefix + "read:scope-version:alice")).as("the version expires").isPositive();
    }
  }

  @Test
  void shouldNotStoreInRedisWhenTheRemovalReachedOnlyAnotherInstanceDuringTheLoad() throws Exception {
    Memberships a = instanceA();
    Memberships b = instanceB();
    CompletableFuture<Set<String>> lookup = CompletableFuture.supplyAsync(() -> a.channels("alice", TOKEN));
    assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
    mattermost.set(Set.of("pub"));
    b.apply(MembershipsTest.member("member_removed", "alice", "priv")); // A's consumer has not read it yet
    proceed.countDown();
    lookup.get(30, TimeUnit.SECONDS);
    try (RedisClient redis = RedisClients.open(URI.create(REDIS.url()))) {
      assertThat(redis.get(prefix + "read:scope:alice")).as("A's stale answer was not stored").isNull();
    }
    assertThat(b.channels("alice", TOKEN)).containsExactly("pub");
    assertThat(loadsB).as("B loaded it from Mattermost").hasValue(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not release the load");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
