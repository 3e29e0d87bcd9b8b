package io.mmpipe.sim.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  long now = 0;
  RateLimiter limiter = new RateLimiter(() -> now);

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
}
