package io.mmpipe.ingestor.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  private static StreamSettings settings(Duration delay, Duration max) {
    return new StreamSettings(URI.create("http://mm.example/"), Secret.of("tok"), Duration.ofSeconds(10),
        Duration.ofSeconds(30), true, delay, max, 0);
  }

  @Test
  void shouldDoubleTheReconnectWaitWithJitterEitherSideAndNeverExceedTheCap() {
    IntervalFunction backoff = settings(Duration.ofMillis(100), Duration.ofSeconds(5)).reconnectBackoff();
    for (int attempt = 1; attempt <= 40; attempt++) {
      long doubled = 100L << Math.min(attempt - 1, 30);
      Set<Long> draws = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        long wait = backoff.apply(attempt);
        assertThat(wait).as("attempt %d", attempt)
            .isBetween(Math.min(doubled / 2, 5_000), Math.min(doubled * 3 / 2, 5_000));
        draws.add(wait);
      }
      if (doubled * 3 / 2 < 5_000) {
        assertThat(draws).as("attempt %d is jittered", attempt).hasSizeGreaterThan(1);
      }
    }
  }

  @Test
  void shouldReconnectAtOnceRatherThanFailWhenTheDelayIsZero() {
    assertThat(settings(Duration.ZERO, Duration.ZERO).reconnectBackoff().apply(3)).isBetween(0L, 1L);
  }

  @Test
  void shouldResumeWithConnectionIdAndTheFirstUnseenSeq() {
    StreamSettings s = settings(Duration.ofSeconds(1), Duration.ofMinutes(1));
    assertThat(s.endpoint(null, 0)).hasToString("ws://mm.example/api/v4/websocket");
    assertThat(s.endpoint("c1", 8)).hasToString("ws://mm.example/api/v4/websocket?connection_id=c1&sequence_number=8");
  }
}
