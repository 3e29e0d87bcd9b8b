package io.mmpipe.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.stream.UpdateFanOut;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

  private static UpdateFanOut.Status polling() {
    return new UpdateFanOut.Status(3, System.currentTimeMillis(), 0, 10, null);
  }

  @Test
  void shouldBeUpWithKafkaPollingAndOptionalPartsUnconfigured() {
    HealthService.Report r = new HealthService(HealthServiceTest::polling, null, null).check();
    assertThat(r.status()).isEqualTo("UP");
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(r.components().get("redis").status()).isEqualTo(HealthService.State.DISABLED);
    assertThat(r.components().get("mattermost").status()).isEqualTo(HealthService.State.NOT_CONFIGURED);
  }

  @Test
  void shouldBeDegradedWhenRedisOrMattermostIsDown() {
    assertThat(new HealthService(HealthServiceTest::polling, () -> false, null).check().status())
        .isEqualTo("DEGRADED");
    // nothing listens on port 1 of loopback
    HealthService.Report r = new HealthService(HealthServiceTest::polling, () -> true,
        URI.create("http://127.0.0.1:1")).check();
    assertThat(r.status()).isEqualTo("DEGRADED");
    assertThat(r.components().get("mattermost").status()).isEqualTo(HealthService.State.DOWN);
  }

  @Test
  void shouldBeDownWith503WhenTheConsumerStalledOrNeverStarted() {
    HealthService.Report stale = new HealthService(
        () -> new UpdateFanOut.Status(3, System.currentTimeMillis() - 60_000, 0, 10, null), () -> true, null).check();
    assertThat(stale.status()).isEqualTo("DOWN");
    assertThat(stale.httpStatus()).isEqualTo(503);
    assertThat(new HealthService(() -> new UpdateFanOut.Status(0, 0, -1, 0, "starting"), null, null).check()
        .status()).isEqualTo("DOWN");
  }
}
