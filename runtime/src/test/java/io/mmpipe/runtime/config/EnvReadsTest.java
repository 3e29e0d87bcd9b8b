package io.mmpipe.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReadsTest {

  @Test
  void shouldRecordEveryNameAskedForWhetherSetOrNot() {
    EnvReads reads = new EnvReads(Map.of("A_PORT", "80", "UNREAD", "x"));
    Env env = new Env(reads);
    assertThat(env.integer("A_PORT", 1, 0, 65535)).isEqualTo(80);
    env.duration("A_TIMEOUT", Duration.ofSeconds(1), true);
    env.kafkaProperties("localhost:9092");
    assertThat(reads.asked()).containsExactly("A_PORT", "A_TIMEOUT", "KAFKA_*");
  }

  @Test
  void shouldRecordRawMapReadsToo() {
    EnvReads reads = new EnvReads(Map.of());
    reads.getOrDefault("PREFIX", "");
    assertThat(reads.asked()).containsExactly("PREFIX");
  }
}
