package io.mmpipe.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.runtime.ops.OpsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppTest {

  @Test
  void shouldBeUpOnlyWhileStreamsRunsOrRebalancesAndSayWhyNot() {
    assertThat(StreamsApp.basicHealth(KafkaStreams.State.RUNNING, 0, null, 1).ok()).isTrue();
    assertThat(StreamsApp.basicHealth(KafkaStreams.State.REBALANCING, 2, null, 0).json())
        .contains("\"status\":\"UP\"").contains("\"replaced_threads\":2").contains("\"active_tasks\":0").doesNotContain("fatal_error");
    OpsServer.HealthView down = StreamsApp.basicHealth(KafkaStreams.State.ERROR, 5, "IllegalStateException: bug", 0);
    assertThat(down.ok()).isFalse();
    assertThat(down.json()).contains("\"status\":\"DOWN\"").contains("\"kafka_streams\":\"ERROR\"")
        .contains("\"fatal_error\":\"IllegalStateException: bug\"");
    assertThat(StreamsApp.basicHealth(KafkaStreams.State.PENDING_SHUTDOWN, 0, null, 0).ok()).isFalse();
  }

  @Test
  void shouldGiveEveryApplicationExactlyOnceNamingAndTheEarliestOffsets() {
    Map<String, Object> p = StreamsDefaults.properties(Map.of("bootstrap.servers", "k:1", "linger.ms", 7), "app",
        Path.of("/tmp/x"), Duration.ofMillis(250), 3, (short) 2);
    assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 2)
        .containsEntry("consumer.auto.offset.reset", "earliest")
        .containsEntry("linger.ms", 7); // KAFKA_* client properties pass through
  }
}
