package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.runtime.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  @Test
  void shouldUseDefaultsWhenOnlyBootstrapIsSet() {
    ProcessorConfig c = ProcessorConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092"));
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "k1:9092");
    assertThat(c.applicationId()).isEqualTo("mmpipe-stream-processor");
    assertThat(c.dedupeRetention()).isEqualTo(Duration.ofDays(8));
    assertThat(c.commitInterval()).isEqualTo(ProcessorConfig.DEFAULT_COMMIT_INTERVAL);
    assertThat(c.threads()).isEqualTo(1);
    assertThat(c.metricsPort()).isZero();
    assertThat(c.topicPartitions()).isEqualTo(6);
    assertThat(c.topicReplication()).isEqualTo((short) 1);
    assertThat(c.stateDir()).exists();
  }

  @Test
  void shouldReadEverySetting() {
    ProcessorConfig c = ProcessorConfig.fromEnv(Map.ofEntries(
        Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k1:9092"), Map.entry("KAFKA_SECURITY_PROTOCOL", "SSL"),
        Map.entry("MMPIPE_TOPIC_PREFIX", "stage."), Map.entry("PROCESSOR_APPLICATION_ID", "proc-a"),
        Map.entry("PROCESSOR_STATE_DIR", "/var/lib/mmpipe"), Map.entry("DEDUPE_RETENTION", "48h"),
        Map.entry("PROCESSOR_COMMIT_INTERVAL", "250ms"), Map.entry("PROCESSOR_THREADS", "4"),
        Map.entry("PROCESSOR_METRICS_PORT", "9464"), Map.entry("MMPIPE_TOPIC_PARTITIONS", "12"),
        Map.entry("MMPIPE_TOPIC_REPLICATION", "3")));
    assertThat(c.kafka()).containsEntry("security.protocol", "SSL");
    assertThat(c.topics().updates().name()).isEqualTo("stage.mm.updates");
    assertThat(c.applicationId()).isEqualTo("proc-a");
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/mmpipe"));
    assertThat(c.dedupeRetention()).isEqualTo(Duration.ofHours(48));
    assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.threads()).isEqualTo(4);
    assertThat(c.metricsPort()).isEqualTo(9464);
    var p = c.streamsProperties();
    assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(4);
    assertThat(p.get(ProcessorConfig.DLQ_TOPIC_KEY)).isEqualTo("stage.mm.events.dlq");
  }

  @Test
  void shouldGiveTheStreamsProducerTheMeasuredInFlightLimitUnlessTheOperatorSetsOne() {
    String key = StreamsConfig.producerPrefix("max.in.flight.requests.per.connection");
    var defaults = ProcessorConfig.fromEnv(Map.of()).streamsProperties();
    assertThat(defaults.get(key)).isEqualTo(ProcessorConfig.PRODUCER_MAX_IN_FLIGHT);
    var overridden = ProcessorConfig.fromEnv(Map.of("KAFKA_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", "3"))
        .streamsProperties();
    assertThat(overridden).doesNotContainKey(key).containsEntry("max.in.flight.requests.per.connection", "3");
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("DEDUPE_RETENTION", "soon",
        "PROCESSOR_THREADS", "0", "PROCESSOR_METRICS_PORT", "70000", "PROCESSOR_COMMIT_INTERVAL", "fast")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("4 problem(s)")
        .hasMessageContaining("DEDUPE_RETENTION").hasMessageContaining("PROCESSOR_THREADS")
        .hasMessageContaining("PROCESSOR_METRICS_PORT").hasMessageContaining("PROCESSOR_COMMIT_INTERVAL");
  }

  @Test
  void shouldRejectARetentionTooShortToCoverAPollingOverlap() {
    assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("DEDUPE_RETENTION", "10s")))
        .hasMessageContaining("DEDUPE_RETENTION must be at least 1m");
  }

  @Test
  void shouldRunInRegistryModeWithSchemaRegistryUrlAndReportABadOneWithTheOthers() {
    ProcessorConfig c = ProcessorConfig.fromEnv(Map.of("SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7"));
    assertThat(c.schemaRegistry().baseUrl()).hasToString("http://registry:8080");
    assertThat(c.topics().registry()).contains(c.schemaRegistry());
    // the DLQ handlers write dead letters with the DLQ topic's own serde: the registry format here
    assertThat(c.streamsProperties().get(ProcessorConfig.DLQ_SERDE_KEY))
        .isInstanceOfSatisfying(io.mmpipe.schemas.AvroSerde.class, s -> assertThat(s.registryMode()).isTrue());
    assertThat(ProcessorConfig.fromEnv(Map.of()).schemaRegistry()).isNull();
    assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("SCHEMA_REGISTRY_URL", "registry:8080",
        "PROCESSOR_THREADS", "0")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("2 problem(s)")
        .hasMessageContaining("SCHEMA_REGISTRY_URL must be an http(s) URL such as http://registry:8080 "
            + "(was 'registry:8080')");
  }
}
