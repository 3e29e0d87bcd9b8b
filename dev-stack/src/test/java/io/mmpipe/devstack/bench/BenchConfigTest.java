package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.runtime.config.Env;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  @Test
  void shouldDefaultToFullWithEverySection() {
    BenchConfig c = BenchConfig.fromArgs(new String[0], Map.of());
    assertThat(c.mode()).isEqualTo("full");
    assertThat(c.sections()).containsExactlyElementsOf(BenchConfig.ALL_SECTIONS);
    assertThat(c.subscriberCounts()).containsExactly(1_000, 10_000);
    assertThat(c.wsSubscriberCounts()).containsExactly(10_000);
    assertThat(c.gatewayRates()).containsExactly(10, 100);
    assertThat(c.peers()).containsExactly("node", "pushpin");
    assertThat(c.commitIntervals().getFirst()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void shouldTakeModeFromArgumentBeforeEnvironment() {
    BenchConfig c = BenchConfig.fromArgs(new String[] {"quick"}, Map.of("MMPIPE_BENCH_MODE", "full"));
    assertThat(c.mode()).isEqualTo("quick");
    assertThat(BenchConfig.fromArgs(new String[0], Map.of("MMPIPE_BENCH_MODE", "quick")).mode()).isEqualTo("quick");
  }

  @Test
  void shouldApplyOverridesFromEnvironment() {
    BenchConfig c = BenchConfig.fromArgs(new String[] {"quick"}, Map.of(
        "MMPIPE_BENCH_SECTIONS", "baseline,gateway", "MMPIPE_BENCH_SUBSCRIBERS", "10, 20",
        "MMPIPE_BENCH_GATEWAY_DURATION", "3s", "MMPIPE_BENCH_DIR", "/tmp/x", "MMPIPE_BENCH_WS_SUBSCRIBERS", "none",
        "MMPIPE_BENCH_GATEWAY_RATES", "5,50", "MMPIPE_BENCH_PEERS", "none", "MMPIPE_BENCH_JFR", "true"));
    assertThat(c.sections()).containsExactly("baseline", "gateway");
    assertThat(c.runs("ingest")).isFalse();
    assertThat(c.subscriberCounts()).containsExactly(10, 20);
    assertThat(c.gatewayDuration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.wsSubscriberCounts()).isEmpty();
    assertThat(c.gatewayRates()).containsExactly(5, 50);
    assertThat(c.peers()).isEmpty();
    assertThat(c.jfr()).isTrue();
    assertThat(c.outputDir()).hasToString("/tmp/x");
  }

  @Test
  void shouldSizeResumeAndIngestByPresetAndEnvironment() {
    BenchConfig full = BenchConfig.fromArgs(new String[0], Map.of());
    assertThat(full.resumeUpdates()).isEqualTo(360_000); // an hour at the gateway rate of 100 updates/s
    assertThat(full.ingestRate()).isEqualTo(5_000);
    assertThat(full.ingestChannels()).isEqualTo(100);
    BenchConfig c = BenchConfig.fromArgs(new String[] {"quick"}, Map.of("MMPIPE_BENCH_RESUME_UPDATES", "1234",
        "MMPIPE_BENCH_INGEST_CHANNELS", "7", "MMPIPE_BENCH_SECTIONS", "resume"));
    assertThat(c.resumeUpdates()).isEqualTo(1234);
    assertThat(c.ingestChannels()).isEqualTo(7);
    assertThat(c.sections()).containsExactly("resume");
  }

  @Test
  void shouldReportEveryBadSettingAtOnce() {
    assertThatThrownBy(() -> BenchConfig.fromArgs(new String[0], Map.of(
        "MMPIPE_BENCH_SECTIONS", "baseline,nope", "MMPIPE_BENCH_SUBSCRIBERS", "ten",
        "MMPIPE_BENCH_GATEWAY_RATES", "-1", "MMPIPE_BENCH_PEERS", "nginx")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("nope").hasMessageContaining("ten").hasMessageContaining("'-1'")
        .hasMessageContaining("nginx");
  }

  @Test
  void shouldRejectUnknownMode() {
    assertThatThrownBy(() -> BenchConfig.preset("huge", java.nio.file.Path.of(".")))
        .hasMessageContaining("huge");
  }

  @Test
  void shouldRequireAtLeastOneSubscriberCount() {
    BenchConfig t = BenchConfig.preset("tiny", java.nio.file.Path.of("."));
    assertThatThrownBy(() -> new BenchConfig(t.mode(), t.sections(), t.partitions(), t.baselineRecords(),
        t.e2eRecords(), t.ingestRate(), t.ingestChannels(), t.ingestDuration(), t.processorRecords(),
        t.latencyRate(), t.latencyDuration(), t.commitIntervals(), t.e2eRate(), t.e2eDuration(), List.of(),
        t.wsSubscriberCounts(), t.gatewayRates(), t.gatewayDuration(), t.peers(), false, t.outputDir(), null,
        t.resumeUpdates())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldKeepTinyFreeOfPeersAndQuickWithoutPushpinInstalls() {
    assertThat(BenchConfig.preset("tiny", java.nio.file.Path.of(".")).peers()).isEmpty();
    assertThat(BenchConfig.preset("quick", java.nio.file.Path.of(".")).peers()).containsExactly("node");
  }

  @Test
  void shouldRejectAnUnknownPeer() {
    BenchConfig t = BenchConfig.preset("tiny", java.nio.file.Path.of("."));
    assertThatThrownBy(() -> new BenchConfig(t.mode(), t.sections(), t.partitions(), t.baselineRecords(),
        t.e2eRecords(), t.ingestRate(), t.ingestChannels(), t.ingestDuration(), t.processorRecords(),
        t.latencyRate(), t.latencyDuration(), t.commitIntervals(), t.e2eRate(), t.e2eDuration(),
        t.subscriberCounts(), t.wsSubscriberCounts(), t.gatewayRates(), t.gatewayDuration(), List.of("nginx"), false,
        t.outputDir(), null, t.resumeUpdates())).hasMessageContaining("nginx");
  }
}
