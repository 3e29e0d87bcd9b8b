package io.mmpipe.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void shouldAllowTheBurstThenRefuseWithTheSecondsUntilATokenIsBack() {
    TokenBuckets b = new TokenBuckets(3, 0.5, 10, now::get); // one token every 2 s
    assertThat(b.take("alice")).isZero();
    assertThat(b.take("alice")).isZero();
    assertThat(b.take("alice")).isZero();
    assertThat(b.take("alice")).isEqualTo(2);
    assertThat(b.take("bob")).as("another principal has its own bucket").isZero();
    now.addAndGet(1_000_000_000L);
    assertThat(b.take("alice")).isEqualTo(1);
    now.addAndGet(1_000_000_000L);
    assertThat(b.take("alice")).isZero();
  }

  @Test
  void shouldNeverRefillPastTheBurst() {
    TokenBuckets b = new TokenBuckets(2, 10, 10, now::get);
    b.take("k");
    now.addAndGet(3_600_000_000_000L);
    assertThat(b.take("k")).isZero();
    assertThat(b.take("k")).isZero();
    assertThat(b.take("k")).isPositive();
  }

  @Test
  void shouldRememberAtMostMaxKeysForgettingTheLeastRecentlyUsed() {
    TokenBuckets b = new TokenBuckets(1, 0.001, 100, now::get);
    b.take("first");
    assertThat(b.take("first")).isPositive();
    for (int i = 0; i < 1000; i++) {
      b.take("k" + i);
      assertThat(b.size()).isLessThanOrEqualTo(100);
    }
    assertThat(b.size()).isEqualTo(100);
    assertThat(b.take("first")).as("forgotten, so full again").isZero();
  }
}
