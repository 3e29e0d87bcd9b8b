package io.mmpipe.analytics;

import io.mmpipe.analytics.activity.Limits;
import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.streams.StreamsDefaults;
import io.mmpipe.schemas.SchemaRegistry;
import io.mmpipe.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The analytics job's settings.
 *
 * @param kafka             Kafka client properties ({@code KAFKA_BOOTSTRAP_SERVERS} and every other {@code KAFKA_*})
 * @param topicPrefix       {@code MMPIPE_TOPIC_PREFIX}
 * @param applicationId     Streams application id: the consumer group and the prefix of the internal topics
 * @param stateDir          where RocksDB keeps the window stores (rebuilt from the changelogs when lost)
 * @param commitInterval    how often results are committed: readers of the topic see a window's counts this late
 * @param threads           stream threads in this instance
 * @param metricsPort       /metrics and /health port; 0 = off
 * @param topicPartitions   partitions of the output topic when mm.updates does not exist yet (else mm.updates')
 * @param topicReplication  replication of the output topic and of Streams' internal topics
 * @param startTimeout      how long start() waits for RUNNING
 * @param grace             how late (by the change's time) an update may arrive and still count in its window;
 *                          later ones are dropped (Streams' dropped-records metric)
 * @param minuteRetention   how long minute windows stay in the store (at least a minute plus the grace)
 * @param hourRetention     how long hour windows stay in the store (at least an hour plus the grace)
 * @param topicRetention    how long the output topic keeps a window's record
 * @param limits            per-window caps on users and emojis, and the top-N of reactions
 * @param schemaRegistry    {@code SCHEMA_REGISTRY_URL}: registry mode for the output topic (and the updates read);
 *                          null: single-object encoding
 */
public record AnalyticsConfig(
    Map<String, Object> kafka,
    String topicPrefix,
    String applicationId,
    Path stateDir,
    Duration commitInterval,
    int threads,
    int metricsPort,
    int topicPartitions,
    short topicReplication,
    Duration startTimeout,
    Duration grace,
    Duration minuteRetention,
    Duration hourRetention,
    Duration topicRetention,
    Limits limits,
    SchemaRegistry schemaRegistry) {

  public static final String DEFAULT_APPLICATION_ID = "mmpipe-analytics";
  /** Analytics is read by people and dashboards: a second of delay costs nothing and saves transactions. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MINUTE_RETENTION = Duration.ofHours(3);
  public static final Duration DEFAULT_HOUR_RETENTION = Duration.ofHours(48);
  public static final Duration DEFAULT_TOPIC_RETENTION = Duration.ofMillis(Topics.CHANNEL_ACTIVITY_RETENTION_MS);
  public static final Limits DEFAULT_LIMITS = new Limits(1000, 200, 5);

  public AnalyticsConfig {
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(kafka.get("bootstrap.servers"), "bootstrap.servers");
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(limits, "limits");
    List<String> problems = retentionProblems(grace, minuteRetention, hourRetention, topicRetention);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (threads < 1 || topicPartitions < 1 || topicReplication < 1) {
      throw new IllegalArgumentException("threads, partitions and replication must be positive");
    }
  }

  /** A window store must hold a window until its grace is over, or late updates would start it over from zero. */
  static List<String> retentionProblems(Duration grace, Duration minute, Duration hour, Duration topic) {
    List<String> out = new ArrayList<>();
    if (grace == null || grace.isNegative()) {
      out.add("ANALYTICS_GRACE must be zero or positive");
      return out;
    }
    if (minute == null || minute.compareTo(Duration.ofMinutes(1).plus(grace)) < 0) {
      out.add("ANALYTICS_MINUTE_RETENTION must be at least 1m plus ANALYTICS_GRACE (was " + minute + ")");
    }
    if (hour == null || hour.compareTo(Duration.ofHours(1).plus(grace)) < 0) {
      out.add("ANALYTICS_HOUR_RETENTION must be at least 1h plus ANALYTICS_GRACE (was " + hour + ")");
    }
    if (topic == null || topic.compareTo(Duration.ofHours(1)) < 0) {
      out.add("ANALYTICS_TOPIC_RETENTION must be at least 1h (was " + topic + ")");
    }
    return out;
  }

  /** Reads the environment; every problem is reported at once. */
  public static AnalyticsConfig fromEnv(Map<String, String> environment) {
    Env env = new Env(environment);
    Map<String, Object> kafka = env.kafkaProperties("localhost:9092");
    String prefix = env.string("MMPIPE_TOPIC_PREFIX", "");
    String appId = env.string("ANALYTICS_APPLICATION_ID", DEFAULT_APPLICATION_ID);
    String stateDir = env.string("ANALYTICS_STATE_DIR", "");
    Duration commit = env.duration("ANALYTICS_COMMIT_INTERVAL", DEFAULT_COMMIT_INTERVAL, false);
    int threads = env.integer("ANALYTICS_THREADS", 1, 1, 64);
    int port = env.integer("ANALYTICS_METRICS_PORT", 0, 0, 65535);
    int partitions = env.integer("MMPIPE_TOPIC_PARTITIONS", 6, 1, 10_000);
    int replication = env.integer("MMPIPE_TOPIC_REPLICATION", 1, 1, 16);
    Duration startTimeout = env.duration("ANALYTICS_START_TIMEOUT", Duration.ofSeconds(120), true);
    Duration grace = env.duration("ANALYTICS_GRACE", DEFAULT_GRACE, true);
    Duration minute = env.duration("ANALYTICS_MINUTE_RETENTION", DEFAULT_MINUTE_RETENTION, true);
    Duration hour = env.duration("ANALYTICS_HOUR_RETENTION", DEFAULT_HOUR_RETENTION, true);
    Duration topic = env.duration("ANALYTICS_TOPIC_RETENTION", DEFAULT_TOPIC_RETENTION, true);
    int maxUsers = env.integer("ANALYTICS_MAX_USERS_PER_WINDOW", DEFAULT_LIMITS.maxUsers(), 1, 1_000_000);
    int maxEmojis = env.integer("ANALYTICS_MAX_EMOJIS_PER_WINDOW", DEFAULT_LIMITS.maxEmojis(), 1, 10_000);
    int top = env.integer("ANALYTICS_TOP_REACTIONS", DEFAULT_LIMITS.topReactions(), 1, 100);
    if (top > maxEmojis) {
      env.problem("ANALYTICS_TOP_REACTIONS (" + top + ") must not exceed ANALYTICS_MAX_EMOJIS_PER_WINDOW ("
          + maxEmojis + ")");
    }
    retentionProblems(grace, minute, hour, topic).forEach(env::problem);
    SchemaRegistry registry = null;
    try {
      registry = SchemaRegistry.fromEnv(environment).orElse(null);
    } catch (IllegalArgumentException e) {
      env.problem(e.getMessage());
    }
    env.throwIfProblems("analytics");
    return new AnalyticsConfig(kafka, prefix, appId,
        stateDir.isEmpty() ? StreamsDefaults.tempStateDir() : Path.of(stateDir), commit, threads, port, partitions,
        (short) replication, startTimeout, grace, minute, hour, topic, new Limits(maxUsers, maxEmojis, top), registry);
  }

  /** Defaults for code and tests: one thread, metrics off, a fresh temporary state directory. */
  public static AnalyticsConfig of(String bootstrapServers, String topicPrefix, String applicationId) {
    return new AnalyticsConfig(Map.of("bootstrap.servers", bootstrapServers), topicPrefix, applicationId,
        StreamsDefaults.tempStateDir(), DEFAULT_COMMIT_INTERVAL, 1, 0, 3, (short) 1, Duration.ofSeconds(120),
        DEFAULT_GRACE, DEFAULT_MINUTE_RETENTION, DEFAULT_HOUR_RETENTION, DEFAULT_TOPIC_RETENTION, DEFAULT_LIMITS,
        null);
  }

  public AnalyticsConfig withLimits(Limits newLimits) {
    return new AnalyticsConfig(kafka, topicPrefix, applicationId, stateDir, commitInterval, threads, metricsPort,
        topicPartitions, topicReplication, startTimeout, grace, minuteRetention, hourRetention, topicRetention,
        newLimits, schemaRegistry);
  }

  public AnalyticsConfig withCommitInterval(Duration interval) {
    return new AnalyticsConfig(kafka, topicPrefix, applicationId, stateDir, interval, threads, metricsPort,
        topicPartitions, topicReplication, startTimeout, grace, minuteRetention, hourRetention, topicRetention,
        limits, schemaRegistry);
  }

  public AnalyticsConfig withMetricsPort(int port) {
    return new AnalyticsConfig(kafka, topicPrefix, applicationId, stateDir, commitInterval, threads, port,
        topicPartitions, topicReplication, startTimeout, grace, minuteRetention, hourRetention, topicRetention,
        limits, schemaRegistry);
  }

  public AnalyticsConfig withSchemaRegistry(SchemaRegistry registry) {
    return new AnalyticsConfig(kafka, topicPrefix, applicationId, stateDir, commitInterval, threads, metricsPort,
        topicPartitions, topicReplication, startTimeout, grace, minuteRetention, hourRetention, topicRetention,
        limits, registry);
  }

  public Topics topics() {
    return new Topics(topicPrefix, schemaRegistry);
  }

  /** The output topic's settings: the registry's, with this job's retention. */
  public Map<String, String> outputTopicConfigs() {
    Map<String, String> configs = new java.util.HashMap<>(topics().channelActivity().configs());
    configs.put("retention.ms", String.valueOf(topicRetention.toMillis()));
    return configs;
  }

  /**
   * The shared Streams defaults (exactly-once, explicit naming, read from the beginning). A record of mm.updates
   * that cannot be read stops the job (Streams' default): the processor writes that topic transactionally against
   * the contract, so such a record is a contract break to be seen, not counts to be quietly skewed.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.putAll(StreamsDefaults.properties(kafka, applicationId, stateDir, commitInterval, threads,
        topicReplication));
    return props;
  }
}
