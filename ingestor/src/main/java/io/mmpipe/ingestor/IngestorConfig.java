package io.mmpipe.ingestor;

import io.mmpipe.schemas.Topics;
import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The ingestor's settings. Built from the environment with {@link #fromEnv(Map)} (every problem reported at once)
 * or in code with {@link #builder(URI, Secret, String)} for tests and the demo launcher.
 *
 * @param teamId               only this team's channels; null = every team of the bot
 * @param channelIds           exactly these channels; empty = discover
 * @param pollingInterval      time between poll passes
 * @param pollingLookback      how far back a channel without a cursor is polled
 * @param reconnectDelay       base of the WebSocket reconnect backoff
 * @param maxReconnectAttempts 0 = unlimited
 * @param rateLimit            client-side REST requests per second
 * @param kafka                Kafka client properties (bootstrap.servers and any KAFKA_*)
 * @param metricsPort          0 = no HTTP endpoint; else /metrics and /health on this port
 * @param pingInterval         how often the WebSocket {@code ping} action is sent
 * @param catchUpHorizon       a capped catch-up walks back to posts created this long ago; older posts' changes it
 *                             cannot prove complete are reported as a gap
 * @param statusInterval       how often the watched channels' members' statuses are polled; zero = never
 */
public record IngestorConfig(URI mattermostUrl, Secret token, String teamId, List<String> channelIds,
                             boolean enableStreaming, boolean enablePolling, Duration pollingInterval,
                             Duration pollingLookback, boolean autoReconnect, Duration reconnectDelay,
                             int maxReconnectAttempts, Duration helloTimeout, int rateLimit,
                             Map<String, Object> kafka, Topics topics, String ingestorId, int metricsPort,
                             int topicPartitions, short topicReplication, Duration pingInterval,
                             Duration catchUpHorizon, Duration statusInterval) {

  /** How far back a capped catch-up walks by default; the processor's dedupe retention must cover it. */
  public static final Duration DEFAULT_CATCH_UP_HORIZON = Duration.ofDays(7);

  public IngestorConfig {
    Objects.requireNonNull(mattermostUrl, "mattermostUrl");
    Objects.requireNonNull(token, "token");
    channelIds = List.copyOf(channelIds);
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(ingestorId, "ingestorId");
    if (!enableStreaming && !enablePolling) {
      throw new IllegalArgumentException("ENABLE_STREAMING and ENABLE_POLLING are both off: nothing to ingest");
    }
    if (pollingInterval.isZero() || pollingInterval.isNegative()) {
      throw new IllegalArgumentException("POLLING_INTERVAL must be positive");
    }
    if (rateLimit < 1) {
      throw new IllegalArgumentException("MATTERMOST_RATE_LIMIT must be at least 1");
    }
    teamId = teamId == null || teamId.isBlank() ? null : teamId;
    if (catchUpHorizon.isNegative()) {
      throw new IllegalArgumentException("CATCH_UP_HORIZON must not be negative");
    }
    if (statusInterval.isNegative()) {
      throw new IllegalArgumentException("STATUS_POLL_INTERVAL must not be negative");
    }
  }

  public static IngestorConfig fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    URI url = e.uri("MATTERMOST_URL", null);
    if (url == null && e.optional("MATTERMOST_URL").isEmpty()) {
      e.problem("MATTERMOST_URL is required");
    }
    Secret token = e.secret("MATTERMOST_TOKEN", true);
    String team = e.optional("MATTERMOST_TEAM_ID").orElse(null);
    List<String> channels = e.list("MATTERMOST_CHANNEL_IDS");
    boolean streaming = e.bool("ENABLE_STREAMING", true);
    boolean polling = e.bool("ENABLE_POLLING", true);
    if (!streaming && !polling) {
      e.problem("ENABLE_STREAMING and ENABLE_POLLING are both false: nothing to ingest");
    }
    Duration interval = e.duration("POLLING_INTERVAL", Duration.ofSeconds(30), true);
    if (interval.isZero()) {
      e.problem("POLLING_INTERVAL must be positive");
    }
    Duration lookback = e.duration("POLLING_LOOKBACK", Duration.ofHours(1), true);
    boolean reconnect = e.bool("AUTO_RECONNECT", true);
    Duration delay = e.duration("RECONNECT_DELAY", Duration.ofSeconds(5), true);
    int maxAttempts = e.integer("MAX_RECONNECT_ATTEMPTS", 0, 0, Integer.MAX_VALUE);
    Duration hello = e.duration("HELLO_TIMEOUT", Duration.ofSeconds(10), true);
    int rate = e.integer("MATTERMOST_RATE_LIMIT", 10, 1, 10_000);
    Map<String, Object> kafka = e.kafkaProperties("localhost:9092");
    int partitions = e.integer("MMPIPE_TOPIC_PARTITIONS", 6, 1, 10_000);
    int replication = e.integer("MMPIPE_TOPIC_REPLICATION", 1, 1, Short.MAX_VALUE);
    String id = e.optional("INGESTOR_ID").orElseGet(IngestorConfig::defaultId);
    int metricsPort = e.integer("INGESTOR_METRICS_PORT", 0, 0, 65535);
    Duration ping = e.duration("WS_PING_INTERVAL", Duration.ofSeconds(30), true);
    if (ping.isZero()) {
      e.problem("WS_PING_INTERVAL must be positive");
    }
    Duration horizon = e.duration("CATCH_UP_HORIZON", DEFAULT_CATCH_UP_HORIZON, true);
    Duration statuses = e.duration("STATUS_POLL_INTERVAL", Duration.ofSeconds(60), true);
    Topics topics = Topics.fromEnv(env, e::problem);
    e.throwIfProblems("ingestor");
    return new IngestorConfig(url, token, team, channels, streaming, polling, interval, lookback, reconnect, delay,
        maxAttempts, hello, rate, kafka, topics, id, metricsPort, partitions, (short) replication, ping,
        horizon, statuses);
  }

  static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "ingestor";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** Defaults for everything but the three things an ingestor cannot guess. */
  public static Builder builder(URI mattermostUrl, Secret token, String bootstrapServers) {
    return new Builder(mattermostUrl, token, bootstrapServers);
  }

  /** A copy to change a few settings: {@code cfg.toBuilder().enablePolling(false).build()}. */
  public Builder toBuilder() {
    Builder b = new Builder(mattermostUrl, token, null);
    b.teamId = teamId;
    b.channelIds = channelIds;
    b.enableStreaming = enableStreaming;
    b.enablePolling = enablePolling;
    b.pollingInterval = pollingInterval;
    b.pollingLookback = pollingLookback;
    b.autoReconnect = autoReconnect;
    b.reconnectDelay = reconnectDelay;
    b.maxReconnectAttempts = maxReconnectAttempts;
    b.helloTimeout = helloTimeout;
    b.rateLimit = rateLimit;
    b.kafka = new HashMap<>(kafka);
    b.topics = topics;
    b.ingestorId = ingestorId;
    b.metricsPort = metricsPort;
    b.topicPartitions = topicPartitions;
    b.topicReplication = topicReplication;
    b.pingInterval = pingInterval;
    b.catchUpHorizon = catchUpHorizon;
    b.statusInterval = statusInterval;
    return b;
  }

  /** Builds an {@link IngestorConfig} in code, with the same defaults as the environment. */
  public static final class Builder {
    private final URI mattermostUrl;
    private final Secret token;
    private String teamId;
    private List<String> channelIds = List.of();
    private boolean enableStreaming = true;
    private boolean enablePolling = true;
    private Duration pollingInterval = Duration.ofSeconds(30);
    private Duration pollingLookback = Duration.ofHours(1);
    private boolean autoReconnect = true;
    private Duration reconnectDelay = Duration.ofSeconds(5);
    private int maxReconnectAttempts = 0;
    private Duration helloTimeout = Duration.ofSeconds(10);
    private int rateLimit = 10;
    private Map<String, Object> kafka = new HashMap<>();
    private Topics topics = Topics.DEFAULT;
    private String ingestorId = defaultId();
    private int metricsPort;
    private int topicPartitions = 6;
    private short topicReplication = 1;
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration catchUpHorizon = DEFAULT_CATCH_UP_HORIZON;
    private Duration statusInterval = Duration.ofSeconds(60);

    private Builder(URI mattermostUrl, Secret token, String bootstrapServers) {
      this.mattermostUrl = mattermostUrl;
      this.token = token;
      if (bootstrapServers != null) {
        kafka.put("bootstrap.servers", bootstrapServers);
      }
    }

    public Builder teamId(String v) { teamId = v; return this; }
    public Builder channelIds(List<String> v) { channelIds = v; return this; }
    public Builder enableStreaming(boolean v) { enableStreaming = v; return this; }
    public Builder enablePolling(boolean v) { enablePolling = v; return this; }
    public Builder pollingInterval(Duration v) { pollingInterval = v; return this; }
    public Builder pollingLookback(Duration v) { pollingLookback = v; return this; }
    public Builder autoReconnect(boolean v) { autoReconnect = v; return this; }
    public Builder reconnectDelay(Duration v) { reconnectDelay = v; return this; }
    public Builder maxReconnectAttempts(int v) { maxReconnectAttempts = v; return this; }
    public Builder helloTimeout(Duration v) { helloTimeout = v; return this; }
    public Builder rateLimit(int v) { rateLimit = v; return this; }
    public Builder kafkaProperty(String k, Object v) { kafka.put(k, v); return this; }
    public Builder topics(Topics v) { topics = v; return this; }
    public Builder ingestorId(String v) { ingestorId = v; return this; }
    public Builder metricsPort(int v) { metricsPort = v; return this; }
    public Builder topicPartitions(int v) { topicPartitions = v; return this; }
    public Builder topicReplication(short v) { topicReplication = v; return this; }
    public Builder pingInterval(Duration v) { pingInterval = v; return this; }
    public Builder catchUpHorizon(Duration v) { catchUpHorizon = v; return this; }
    public Builder statusInterval(Duration v) { statusInterval = v; return this; }

    public IngestorConfig build() {
      return new IngestorConfig(mattermostUrl, token, teamId, channelIds, enableStreaming, enablePolling,
          pollingInterval, pollingLookback, autoReconnect, reconnectDelay, maxReconnectAttempts, helloTimeout,
          rateLimit, kafka, topics, ingestorId, metricsPort, topicPartitions, topicReplication, pingInterval,
          catchUpHorizon, statusInterval);
    }
  }
}
