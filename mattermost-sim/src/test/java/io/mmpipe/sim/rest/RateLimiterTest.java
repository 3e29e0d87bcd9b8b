package io.mmpipe.sim.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  long now = 0;
  RateLimiter limiter = new RateLimiter(() -> now, RateLimiter.MEMORY_STORE_SIZE);

  @Test
  void shouldAllowABurstOf100ThenRefuseWithRetryAfter() {
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire("a").allowed()).isTrue();
    }
    RateLimiter.Decision d = limiter.acquire("a");
    assertThat(d.allowed()).isFalse();
    assertThat(d.remaining()).isZero();
    assertThat(d.retryAfterSeconds()).isEqualTo(1);
    assertThat(d.resetSeconds()).isEqualTo(10);
  }

  @Test
  void shouldRefillTenPerSecond() {
    for (int i = 0; i < 100; i++) {
      limiter.acquire("a");
    }
    now += TimeUnit.MILLISECONDS.toNanos(500);
    int allowed = 0;
    while (limiter.acquire("a").allowed()) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void shouldKeepOneBucketPerAddress() {
    for (int i = 0; i < 100; i++) {
      limiter.acquire("a");
    }
    assertThat(limiter.acquire("a").allowed()).isFalse();
    assertThat(limiter.acquire("b").allowed()).isTrue();
  }

  @Test
  void shouldRememberAtMostTheServersMemoryStoreSizeOfAddresses() {
    for (int i = 0; i < RateLimiter.MEMORY_STORE_SIZE + 500; i++) {
      limiter.acquire("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(limiter.remembered()).isEqualTo(RateLimiter.MEMORY_STORE_SIZE);
  }

  @Test
  void shouldForgetTheLeastRecentlySeenAddressWhichStartsAgainWithAFullBucket() {
    RateLimiter small = new RateLimiter(() -> now, 2);
    for (int i = 0; i < 100; i++) {
      small.acquire("a");
      small.acquire("b");
    }
    small.acquire("a"); // a was seen last: b is the eldest
    small.acquire("c");
    assertThat(small.remembered()).isEqualTo(2);
    assertThat(small.acquire("a").allowed()).isFalse(); // still remembered, still empty
    assertThat(small.acquire("b").remaining()).isEqualTo(RateLimiter.BURST - 1); // forgotten: a new bucket
  }
}
