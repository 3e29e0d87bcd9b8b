package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TtlCacheTest {

  private final AtomicLong now = new AtomicLong();
  private final TtlCache<String, String> cache = new TtlCache<>(3, Duration.ofSeconds(10), now::get);

  @Test
  void shouldKeepAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, "v" + i);
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.get("k99")).isEqualTo("v99");
    assertThat(cache.get("k96")).isNull();
  }

  @Test
  void shouldForgetAnEntryWhenItsTtlHasPassedEvenIfUpdated() {
    cache.put("k", "v");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    cache.update("k", v -> v + "2");
    assertThat(cache.get("k")).isEqualTo("v2");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.get("k")).isNull();
    cache.update("k", v -> "back");
    assertThat(cache.get("k")).as("an update does not bring an absent key back").isNull();
  }
}
