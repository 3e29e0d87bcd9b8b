package io.mmpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.runtime.config.Env;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {

  @Test
  void shouldReadEverySettingFromTheEnvironment() {
    AnalyticsConfig c = AnalyticsConfig.fromEnv(Map.ofEntries(Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k:1"),
        Map.entry("MMPIPE_TOPIC_PREFIX", "p."), Map.entry("ANALYTICS_APPLICATION_ID", "a1"),
        Map.entry("ANALYTICS_GRACE", "2m"), Map.entry("ANALYTICS_MINUTE_RETENTION", "1h"),
        Map.entry("ANALYTICS_HOUR_RETENTION", "24h"), Map.entry("ANALYTICS_TOPIC_RETENTION", "72h"),
        Map.entry("ANALYTICS_MAX_USERS_PER_WINDOW", "50"), Map.entry("ANALYTICS_MAX_EMOJIS_PER_WINDOW", "20"),
        Map.entry("ANALYTICS_TOP_REACTIONS", "3"), Map.entry("ANALYTICS_METRICS_PORT", "9405"),
        Map.entry("ANALYTICS_THREADS", "2"), Map.entry("ANALYTICS_COMMIT_INTERVAL", "500ms")));
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "k:1");
    assertThat(c.applicationId()).isEqualTo("a1");
    assertThat(c.grace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.minuteRetention()).isEqualTo(Duration.ofHours(1));
    assertThat(c.hourRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(c.limits().maxUsers()).isEqualTo(50);
    assertThat(c.limits().maxEmojis()).isEqualTo(20);
    assertThat(c.limits().topReactions()).isEqualTo(3);
    assertThat(c.metricsPort()).isEqualTo(9405);
    assertThat(c.outputTopicConfigs()).containsEntry("retention.ms", String.valueOf(72 * 3_600_000L))
        .containsEntry("cleanup.policy", "compact,delete");
    assertThat(c.topics().channelActivity().name()).isEqualTo("p.mm.analytics.channel-activity");
    var props = c.streamsProperties();
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
    assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(500L);
  }

  @Test
  void shouldDefaultToBoundedWindowsAndCaps() {
    AnalyticsConfig c = AnalyticsConfig.fromEnv(Map.of());
    assertThat(c.minuteRetention()).isEqualTo(Duration.ofHours(3));
    assertThat(c.hourRetention()).isEqualTo(Duration.ofHours(48));
    assertThat(c.limits()).isEqualTo(AnalyticsConfig.DEFAULT_LIMITS);
    assertThat(c.applicationId()).isEqualTo("mmpipe-analytics");
    assertThat(c.schemaRegistry()).isNull();
    assertThat(c.topics().registry()).isEmpty();
  }

  @Test
  void shouldWriteItsTopicInRegistryModeWhenARegistryIsGiven() {
    AnalyticsConfig c = AnalyticsConfig.fromEnv(Map.of("SCHEMA_REGISTRY_URL", "http://registry:8080"));
    assertThat(c.topics().registry()).isPresent();
    assertThat(c.topics().registry().orElseThrow().baseUrl().toString()).startsWith("http://registry:8080");
  }

  /** The bad-input table of analytics/README.md "Configuration". */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      ANALYTICS_GRACE                 | -5s  | ANALYTICS_GRACE must not be negative
      ANALYTICS_MINUTE_RETENTION      | 2m   | ANALYTICS_MINUTE_RETENTION must be at least 1m plus ANALYTICS_GRACE
      ANALYTICS_HOUR_RETENTION        | 1h   | ANALYTICS_HOUR_RETENTION must be at least 1h plus ANALYTICS_GRACE
      ANALYTICS_TOPIC_RETENTION       | 30m  | ANALYTICS_TOPIC_RETENTION must be at least 1h
      ANALYTICS_TOP_REACTIONS         | 500  | ANALYTICS_TOP_REACTIONS
      ANALYTICS_TOP_REACTIONS         | 0    | ANALYTICS_TOP_REACTIONS
      ANALYTICS_MAX_USERS_PER_WINDOW  | 0    | ANALYTICS_MAX_USERS_PER_WINDOW
      ANALYTICS_MAX_EMOJIS_PER_WINDOW | 2    | ANALYTICS_TOP_REACTIONS (5) must not exceed ANALYTICS_MAX_EMOJIS_PER_WINDOW (2)
      ANALYTICS_METRICS_PORT          | http | ANALYTICS_METRICS_PORT
      ANALYTICS_GRACE                 | soon | ANALYTICS_GRACE
      SCHEMA_REGISTRY_URL             | registry:8080 | SCHEMA_REGISTRY_URL must be an http(s) URL
      """)
  void shouldRefuseABadSettingAndNameIt(String variable, String value, String message) {
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of(variable, value)))
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("ANALYTICS_THREADS", "0",
        "ANALYTICS_TOPIC_RETENTION", "1m")))
        .hasMessageContaining("ANALYTICS_THREADS").hasMessageContaining("ANALYTICS_TOPIC_RETENTION");
  }
}
