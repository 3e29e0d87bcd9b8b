package io.mmpipe.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pause between retries of a batch Redis refused. */
class CacheWriterBackoffTest {

  @Test
  void shouldStartNearAQuarterSecondJitteredAndNeverWaitLongerThanFiveSeconds() {
    Set<Long> firsts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long first = CacheWriter.BACKOFF.apply(1);
      assertThat(first).isBetween(125L, 375L);
      firsts.add(first);
      for (int attempt = 1; attempt <= 64; attempt++) {
        assertThat(CacheWriter.BACKOFF.apply(attempt)).isBetween(125L, 5000L);
      }
      // a long outage settles at the cap
      assertThat(CacheWriter.BACKOFF.apply(12)).isEqualTo(5000L);
    }
    assertThat(firsts).as("randomized, so gateways do not retry in lockstep").hasSizeGreaterThan(10);
  }

  @Test
  void shouldGrowBetweenFailures() {
    double early = 0;
    double later = 0;
    for (int i = 0; i < 200; i++) {
      early += CacheWriter.BACKOFF.apply(1);
      later += CacheWriter.BACKOFF.apply(4);
    }
    // attempt 4 is 250 ms × 2³ = 2 s before jitter; jitter averages out over 200 draws
    assertThat(later / early).isBetween(5.0, 11.0);
  }
}
