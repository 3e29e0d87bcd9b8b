package io.mmpipe.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

  @Test
  void shouldReportEveryProblemAtOnce() {
    Env env = new Env(Map.of("POLLING_INTERVAL", "soon", "ENABLE_POLLING", "maybe", "GATEWAY_PORT", "99999"));
    env.duration("POLLING_INTERVAL", Duration.ofSeconds(30), true);
    env.bool("ENABLE_POLLING", true);
    env.integer("GATEWAY_PORT", 8080, 0, 65535);
    env.required("MATTERMOST_URL");
    assertThatThrownBy(() -> env.throwIfProblems("ingestor"))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("4 problem(s)")
        .hasMessageContaining("POLLING_INTERVAL").hasMessageContaining("ENABLE_POLLING")
        .hasMessageContaining("GATEWAY_PORT").hasMessageContaining("MATTERMOST_URL is required");
  }

  @Test
  void shouldReadBareDurationsInTheUnitTheVariableIsDocumentedIn() {
    Env env = new Env(Map.of("A", "30", "B", "1.5", "C", "500ms", "D", "5m", "E", "2h"));
    assertThat(env.duration("A", Duration.ZERO, true)).isEqualTo(Duration.ofSeconds(30));
    assertThat(env.duration("B", Duration.ZERO, true)).isEqualTo(Duration.ofMillis(1500));
    assertThat(env.duration("A", Duration.ZERO, false)).isEqualTo(Duration.ofMillis(30));
    assertThat(env.duration("C", Duration.ZERO, true)).isEqualTo(Duration.ofMillis(500));
    assertThat(env.duration("D", Duration.ZERO, true)).isEqualTo(Duration.ofMinutes(5));
    assertThat(env.duration("E", Duration.ZERO, true)).isEqualTo(Duration.ofHours(2));
    assertThat(env.problems()).isEmpty();
  }

  @Test
  void shouldPassKafkaVariablesThroughAsClientProperties() {
    Env env = new Env(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_SECURITY_PROTOCOL", "SSL",
        "OTHER", "x"));
    assertThat(env.kafkaProperties("localhost:9092"))
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("security.protocol", "SSL")
        .hasSize(2);
    assertThat(new Env(Map.of()).kafkaProperties("localhost:9092")).containsEntry("bootstrap.servers",
        "localhost:9092");
  }

  @Test
  void shouldNeverShowASecret() {
    Env env = new Env(Map.of("MATTERMOST_TOKEN", "abc123"));
    Secret s = env.secret("MATTERMOST_TOKEN", true);
    assertThat(s.reveal()).isEqualTo("abc123");
    assertThat(s.toString()).doesNotContain("abc123");
    assertThat(String.valueOf(Map.of("token", s))).doesNotContain("abc123");
  }

  @Test
  void shouldSplitListsAndIgnoreBlanks() {
    Env env = new Env(Map.of("MATTERMOST_CHANNEL_IDS", " a, b ,,c "));
    assertThat(env.list("MATTERMOST_CHANNEL_IDS")).containsExactly("a", "b", "c");
  }
}
