package io.mmpipe.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestorConfigTest {

  @Test
  void shouldApplyDocumentedDefaults() {
    IngestorConfig c = IngestorConfig.fromEnv(Map.of("MATTERMOST_URL", "http://mm:8065", "MATTERMOST_TOKEN", "tok"));
    assertThat(c.mattermostUrl()).isEqualTo(URI.create("http://mm:8065"));
    assertThat(c.token().reveal()).isEqualTo("tok");
    assertThat(c.teamId()).isNull();
    assertThat(c.channelIds()).isEmpty();
    assertThat(c.enableStreaming()).isTrue();
    assertThat(c.enablePolling()).isTrue();
    assertThat(c.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.pollingLookback()).isEqualTo(Duration.ofHours(1));
    assertThat(c.autoReconnect()).isTrue();
    assertThat(c.reconnectDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxReconnectAttempts()).as("reconnects never give up by default").isZero();
    assertThat(c.helloTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.rateLimit()).isEqualTo(10);
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(c.metricsPort()).isZero();
    assertThat(c.topicPartitions()).isEqualTo(6);
    assertThat(c.topicReplication()).isEqualTo((short) 1);
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.ingestorId()).isNotBlank();
  }

  @Test
  void shouldReadEveryVariable() {
    IngestorConfig c = IngestorConfig.fromEnv(Map.ofEntries(
        Map.entry("MATTERMOST_URL", "https://chat.example.com"), Map.entry("MATTERMOST_TOKEN", "t"),
        Map.entry("MATTERMOST_TEAM_ID", "team1"), Map.entry("MATTERMOST_CHANNEL_IDS", "a, b,,c"),
        Map.entry("ENABLE_STREAMING", "false"), Map.entry("POLLING_INTERVAL", "5"),
        Map.entry("POLLING_LOOKBACK", "10m"), Map.entry("AUTO_RECONNECT", "no"), Map.entry("RECONNECT_DELAY", "2"),
        Map.entry("MAX_RECONNECT_ATTEMPTS", "7"), Map.entry("HELLO_TIMEOUT", "3s"),
        Map.entry("MATTERMOST_RATE_LIMIT", "25"), Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k:9092"),
        Map.entry("KAFKA_SECURITY_PROTOCOL", "SSL"), Map.entry("MMPIPE_TOPIC_PREFIX", "x."),
        Map.entry("INGESTOR_ID", "ing-7"), Map.entry("INGESTOR_METRICS_PORT", "9100")));
    assertThat(c.teamId()).isEqualTo("team1");
    assertThat(c.channelIds()).containsExactly("a", "b", "c");
    assertThat(c.enableStreaming()).isFalse();
    assertThat(c.pollingInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.pollingLookback()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.autoReconnect()).isFalse();
    assertThat(c.reconnectDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxReconnectAttempts()).isEqualTo(7);
    assertThat(c.helloTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.rateLimit()).isEqualTo(25);
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "k:9092").containsEntry("security.protocol", "SSL");
    assertThat(c.topics().rawEvents().name()).isEqualTo("x.mm.events.raw");
    assertThat(c.ingestorId()).isEqualTo("ing-7");
    assertThat(c.metricsPort()).isEqualTo(9100);
  }

  @Test
  void shouldReportEveryProblemAtOnceWithoutShowingTheToken() {
    assertThatThrownBy(() -> IngestorConfig.fromEnv(Map.of("POLLING_INTERVAL", "soon", "ENABLE_POLLING", "maybe",
        "MATTERMOST_RATE_LIMIT", "0")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("MATTERMOST_URL is required")
        .hasMessageContaining("MATTERMOST_TOKEN is required")
        .hasMessageContaining("POLLING_INTERVAL")
        .hasMessageContaining("ENABLE_POLLING")
        .hasMessageContaining("MATTERMOST_RATE_LIMIT");
    assertThatThrownBy(() -> IngestorConfig.fromEnv(Map.of("MATTERMOST_URL", "http://mm", "MATTERMOST_TOKEN",
        "s3cr3t-token", "ENABLE_STREAMING", "false", "ENABLE_POLLING", "false")))
        .hasMessageContaining("nothing to ingest")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-token"));
  }

  @Test
  void shouldBuildInCodeWithSameDefaultsAndHideToken() {
    IngestorConfig c = IngestorConfig.builder(URI.create("http://127.0.0.1:1"), Secret.of("abc"), "b:1")
        .channelIds(List.of("c1")).enableStreaming(false).build();
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "b:1");
    assertThat(c.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.toString()).doesNotContain("abc");
    IngestorConfig d = c.toBuilder().enableStreaming(true).build();
    assertThat(d.enableStreaming()).isTrue();
    assertThat(d.channelIds()).containsExactly("c1");
    assertThat(d.kafka()).isEqualTo(c.kafka());
  }

  @Test
  void shouldReadTheCatchUpHorizonAndStatusIntervalWithSevenDaysAndAMinuteByDefault() {
    Map<String, String> base = Map.of("MATTERMOST_URL", "http://mm:8065", "MATTERMOST_TOKEN", "tok");
    IngestorConfig d = IngestorConfig.fromEnv(base);
    assertThat(d.catchUpHorizon()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(d.statusInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
    Map<String, String> env = new java.util.HashMap<>(base);
    env.put("CATCH_UP_HORIZON", "48h");
    env.put("STATUS_POLL_INTERVAL", "0");
    IngestorConfig c = IngestorConfig.fromEnv(env);
    assertThat(c.catchUpHorizon()).isEqualTo(java.time.Duration.ofHours(48));
    assertThat(c.statusInterval()).isZero();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    env.put("CATCH_UP_HORIZON", "a week");
    assertThatThrownBy(() -> IngestorConfig.fromEnv(env)).hasMessageContaining("CATCH_UP_HORIZON");
  }
}
