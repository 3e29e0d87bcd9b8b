package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.runtime.config.Env;
import io.mmpipe.sim.world.ChangeLog;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimConfigTest {

  @Test
  void shouldDefaultToFreePortSeed42AndNoRateLimit() {
    SimConfig c = SimConfig.defaults();
    assertThat(c.port()).isZero();
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.rateLimit()).isFalse();
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void shouldReadEnvironmentWithDefaults() {
    SimConfig c = SimConfig.fromEnv(Map.of("SIM_RATE_LIMIT", "true", "SIM_PING_INTERVAL", "2s"));
    assertThat(c.port()).isEqualTo(8065);
    assertThat(c.rateLimit()).isTrue();
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldReadTheChangeLogLimitAndRefuseOneOutsideItsRange() {
    assertThat(SimConfig.defaults().changeLogLimit()).isEqualTo(ChangeLog.DEFAULT_LIMIT);
    assertThat(SimConfig.fromEnv(Map.of("SIM_CHANGE_LOG_LIMIT", "2000")).changeLogLimit()).isEqualTo(2000);
    assertThatThrownBy(() -> SimConfig.fromEnv(Map.of("SIM_CHANGE_LOG_LIMIT", "0")))
        .hasMessageContaining("SIM_CHANGE_LOG_LIMIT");
    assertThatThrownBy(() -> SimConfig.defaults().withChangeLogLimit(ChangeLog.MAX_LIMIT + 1))
        .hasMessageContaining("changeLogLimit");
    assertThat(SimConfig.defaults().withChangeLogLimit(7).withPort(9).changeLogLimit()).isEqualTo(7);
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    assertThatThrownBy(() -> SimConfig.fromEnv(Map.of("SIM_PORT", "99999", "SIM_RATE_LIMIT", "maybe")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("SIM_PORT").hasMessageContaining("SIM_RATE_LIMIT");
  }

  @Test
  void shouldReportBadLoadRate() {
    assertThatThrownBy(() -> SimMain.LoadSettings.fromEnv(Map.of("SIM_LOAD_RATE", "fast")))
        .hasMessageContaining("SIM_LOAD_RATE");
    assertThat(SimMain.LoadSettings.fromEnv(Map.of("SIM_LOAD_RATE", "12.5")).rate()).isEqualTo(12.5);
  }

  @Test
  void shouldKeepOtherSettingsWhenChangingOne() {
    SimConfig c = SimConfig.defaults().withKeepalive(Duration.ofMillis(100), Duration.ofMillis(300)).withPort(1234)
        .withRateLimit(true);
    assertThat(c.port()).isEqualTo(1234);
    assertThat(c.rateLimit()).isTrue();
    assertThat(c.pingInterval()).isEqualTo(Duration.ofMillis(100));
  }
}
