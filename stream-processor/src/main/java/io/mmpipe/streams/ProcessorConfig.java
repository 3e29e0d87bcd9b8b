package io.mmpipe.streams;

import io.mmpipe.schemas.SchemaRegistry;
import io.mmpipe.schemas.Topics;
import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.streams.StreamsDefaults;
import io.mmpipe.streams.validation.DlqDeserializationExceptionHandler;
import io.mmpipe.streams.validation.DlqProcessingExceptionHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The stream processor's settings.
 *
 * @param kafka            Kafka client properties ({@code KAFKA_BOOTSTRAP_SERVERS} and every other {@code KAFKA_*})
 * @param topicPrefix      {@code MMPIPE_TOPIC_PREFIX}
 * @param applicationId    Streams application id: the consumer group and the prefix of every internal topic
 * @param stateDir         where RocksDB keeps local state (rebuilt from the changelogs when lost)
 * @param dedupeRetention  how long we remember an event id, at the cost of missing very late duplicates; must cover
 *                         the longest polling overlap (and the lookback of a freshly started ingestor), and the
 *                         ingestor's catch-up horizon: a polled post or edit older than this is taken for one
 *                         delivered before and not reported, so a shorter retention cuts every catch-up after a
 *                         longer outage to this length, silently
 * @param commitInterval   how often a transaction commits: with exactly-once, readers see output only after it, so
 *                         this is the latency floor; shorter costs throughput (see README)
 * @param threads          stream threads in this instance
 * @param metricsPort      /metrics and /health port; 0 = off
 * @param topicPartitions  partitions of the topics created when missing
 * @param topicReplication replication of created topics AND of Streams' internal topics
 * @param startTimeout     how long start() waits for RUNNING
 * @param schemaRegistry   {@code SCHEMA_REGISTRY_URL}: registry mode (values in the Schema Registry wire format);
 *                         null for single-object encoding
 */
public record ProcessorConfig(
    Map<String, Object> kafka,
    String topicPrefix,
    String applicationId,
    Path stateDir,
    Duration dedupeRetention,
    Duration commitInterval,
    int threads,
    int metricsPort,
    int topicPartitions,
    short topicReplication,
    Duration startTimeout,
    SchemaRegistry schemaRegistry) {

  public static final String DEFAULT_APPLICATION_ID = "mmpipe-stream-processor";
  /** The ingestor's default catch-up horizon (7 days) and a day of margin: see {@code dedupeRetention}. */
  public static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofDays(8);
  /** Chosen by measurement (README "commit interval"): latency floor ~ this, throughput loss small above 100 ms. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** Custom keys handed to our exception handlers through the Streams configuration. */
  public static final String DLQ_TOPIC_KEY = "mmpipe.dlq.topic";

  public static final String METRICS_KEY = "mmpipe.metrics";

  /**
   * The Streams producer's {@code max.in.flight.requests.per.connection} unless {@code KAFKA_MAX_IN_FLIGHT_...} is
   * set: 1, chosen by measurement against Kafka's 5 (README, "KAFKA-18202"). Under transactions v2 a second batch
   * sent to a partition the transaction has not yet started is refused (OutOfOrderSequenceException, retried); one
   * request at a time never sends it. On 2026-12-02, with the shared store, 1 beat 5 in 9 of 12 alternating bench
   * rounds (up to 1.4x; the three it lost were on a machine at load 10+) and had no refusal in any run, 5 had up to 8.
   */
  public static final int PRODUCER_MAX_IN_FLIGHT = 1;

  /** The DLQ topic's value serde (an object, like the metrics): dead letters are written as the topic says. */
  public static final String DLQ_SERDE_KEY = "mmpipe.dlq.serde";

  /** Without a registry: single-object encoding. */
  public ProcessorConfig(Map<String, Object> kafka, String topicPrefix, String applicationId, Path stateDir,
      Duration dedupeRetention, Duration commitInterval, int threads, int metricsPort, int topicPartitions,
      short topicReplication, Duration startTimeout) {
    this(kafka, topicPrefix, applicationId, stateDir, dedupeRetention, commitInterval, threads, metricsPort,
        topicPartitions, topicReplication, startTimeout, null);
  }

  public ProcessorConfig {
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(kafka.get("bootstrap.servers"), "bootstrap.servers");
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(dedupeRetention, "dedupeRetention");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (dedupeRetention.toMillis() < 60_000) {
      throw new IllegalArgumentException("dedupeRetention must be at least one minute");
    }
    if (threads < 1 || topicPartitions < 1 || topicReplication < 1) {
      throw new IllegalArgumentException("threads, partitions and replication must be positive");
    }
  }

  /** Reads the environment; every problem is reported at once. */
  public static ProcessorConfig fromEnv(Map<String, String> environment) {
    Env env = new Env(environment);
    Map<String, Object> kafka = env.kafkaProperties("localhost:9092");
    String prefix = env.string("MMPIPE_TOPIC_PREFIX", "");
    String appId = env.string("PROCESSOR_APPLICATION_ID", DEFAULT_APPLICATION_ID);
    String stateDir = env.string("PROCESSOR_STATE_DIR", "");
    Duration retention = env.duration("DEDUPE_RETENTION", DEFAULT_DEDUPE_RETENTION, true);
    if (retention.toMillis() < 60_000) {
      env.problem("DEDUPE_RETENTION must be at least 1m (was " + retention + ")");
      retention = DEFAULT_DEDUPE_RETENTION;
    }
    Duration commit = env.duration("PROCESSOR_COMMIT_INTERVAL", DEFAULT_COMMIT_INTERVAL, false);
    int threads = env.integer("PROCESSOR_THREADS", 1, 1, 64);
    int port = env.integer("PROCESSOR_METRICS_PORT", 0, 0, 65535);
    int partitions = env.integer("MMPIPE_TOPIC_PARTITIONS", 6, 1, 10_000);
    int replication = env.integer("MMPIPE_TOPIC_REPLICATION", 1, 1, 16);
    Duration startTimeout = env.duration("PROCESSOR_START_TIMEOUT", Duration.ofSeconds(120), true);
    String registryUrl = env.string(SchemaRegistry.ENV, "");
    SchemaRegistry registry = null;
    if (!registryUrl.isBlank()) {
      String problem = SchemaRegistry.problemWith(registryUrl);
      if (problem == null) {
        registry = SchemaRegistry.of(registryUrl);
      } else {
        env.problem(problem);
      }
    }
    env.throwIfProblems("stream-processor");
    return new ProcessorConfig(kafka, prefix, appId, stateDir.isEmpty() ? tempStateDir() : Path.of(stateDir),
        retention, commit, threads, port, partitions, (short) replication, startTimeout, registry);
  }

  /** Defaults for code and tests: one thread, metrics off, a fresh temporary state directory. */
  public static ProcessorConfig of(String bootstrapServers, String topicPrefix, String applicationId) {
    return new ProcessorConfig(Map.of("bootstrap.servers", bootstrapServers), topicPrefix, applicationId,
        tempStateDir(), DEFAULT_DEDUPE_RETENTION, DEFAULT_COMMIT_INTERVAL, 1, 0, 3, (short) 1,
        Duration.ofSeconds(120));
  }

  public ProcessorConfig withStateDir(Path dir) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, dir, dedupeRetention, commitInterval, threads,
        metricsPort, topicPartitions, topicReplication, startTimeout, schemaRegistry);
  }

  public ProcessorConfig withCommitInterval(Duration interval) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, stateDir, dedupeRetention, interval, threads,
        metricsPort, topicPartitions, topicReplication, startTimeout, schemaRegistry);
  }

  public ProcessorConfig withDedupeRetention(Duration retention) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, stateDir, retention, commitInterval, threads,
        metricsPort, topicPartitions, topicReplication, startTimeout, schemaRegistry);
  }

  public ProcessorConfig withThreads(int streamThreads) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, stateDir, dedupeRetention, commitInterval,
        streamThreads, metricsPort, topicPartitions, topicReplication, startTimeout, schemaRegistry);
  }

  public ProcessorConfig withMetricsPort(int port) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, stateDir, dedupeRetention, commitInterval, threads,
        port, topicPartitions, topicReplication, startTimeout, schemaRegistry);
  }

  /** Registry mode with {@code registry} (null: single-object encoding). */
  public ProcessorConfig withSchemaRegistry(SchemaRegistry registry) {
    return new ProcessorConfig(kafka, topicPrefix, applicationId, stateDir, dedupeRetention, commitInterval, threads,
        metricsPort, topicPartitions, topicReplication, startTimeout, registry);
  }

  public Topics topics() {
    return new Topics(topicPrefix, schemaRegistry);
  }

  /** The Kafka Streams configuration: exactly-once, explicit naming enforced, our DLQ handlers. */
  public Properties streamsProperties() {
    Map<String, Object> p = StreamsDefaults.properties(kafka, applicationId, stateDir, commitInterval, threads,
        topicReplication);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DlqDeserializationExceptionHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DlqProcessingExceptionHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    Topics topics = topics();
    p.put(DLQ_TOPIC_KEY, topics.deadLetters().name());
    p.put(DLQ_SERDE_KEY, topics.deadLetters().valueSerde()); // registry mode: dead letters in the registry format
    // Every transaction ends with a flush, so batches never wait longer than a commit interval; bigger batches mean
    // fewer produce requests for the same updates and changelog records (16 KiB held only ~40 updates).
    if (!kafka.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) { // KAFKA_BATCH_SIZE still wins
      p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
    }
    if (!kafka.containsKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)) {
      p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
          PRODUCER_MAX_IN_FLIGHT);
    }
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  private static Path tempStateDir() {
    return StreamsDefaults.tempStateDir();
  }
}
