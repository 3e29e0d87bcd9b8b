package io.mmpipe.ingestor.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

  private final ReconnectPolicy policy = new ReconnectPolicy(new StreamSettings(URI.create("http://mm.example/"),
      Secret.of("tok"), Duration.ofSeconds(10), Duration.ofSeconds(30), true, Duration.ofSeconds(5),
      Duration.ofMinutes(5), 0), () -> { });

  @Test
  void shouldReconnectQuicklyAfterAConnectionThatWorkedSoThatTheResumeWindowIsNotLost() {
    policy.worked();
    ReconnectPolicy.Retry r = (ReconnectPolicy.Retry) policy.afterClose(1011, true);
    assertThat(r.delayMs()).isEqualTo(ReconnectPolicy.QUICK_RECONNECT_MS);
    assertThat(r.attempt()).isEqualTo(1);
  }

  @Test
  void shouldBackOffWhenTheQuickReconnectFailedToo() {
    policy.worked();
    policy.afterClose(1011, true);
    ReconnectPolicy.Retry again = (ReconnectPolicy.Retry) policy.afterClose(1006, false);
    // attempt 2: 5 s doubled, ±50 %
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.delayMs()).isBetween(5_000L, 15_000L);
  }
}
