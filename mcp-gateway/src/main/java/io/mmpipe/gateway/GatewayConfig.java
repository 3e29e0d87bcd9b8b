package io.mmpipe.gateway;

import io.mmpipe.gateway.limits.LimitSettings;
import io.mmpipe.gateway.security.AccessConfig;
import io.mmpipe.gateway.tools.ToolCatalog;
import io.mmpipe.gateway.ws.WsSettings;
import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.Topics;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's settings.
 *
 * @param port              GATEWAY_PORT (8080; 0 picks a free port)
 * @param bind              GATEWAY_BIND (127.0.0.1; docker sets 0.0.0.0)
 * @param kafka             KAFKA_BOOTSTRAP_SERVERS and every other KAFKA_* as client properties
 * @param topics            the topic registry (MMPIPE_TOPIC_PREFIX)
 * @param topicPartitions   MMPIPE_TOPIC_PARTITIONS (6): partitions of topics created when missing
 * @param topicReplication  MMPIPE_TOPIC_REPLICATION (1)
 * @param redisUrl          REDIS_URL, or null to run without the cache
 * @param mattermostUrl     MATTERMOST_URL, or null (only used by the health check)
 * @param sseKeepAlive      SSE_KEEPALIVE (15s): interval of keep-alive comments
 * @param sseRetry          SSE_RETRY (3s): the {@code retry:} sent to clients
 * @param sseBuffer         SSE_BUFFER (1000): how many updates a subscriber may fall behind before overflow
 * @param sseMaxSubscribers SSE_MAX_SUBSCRIBERS (1000): concurrent SSE subscribers per instance
 * @param ringCapacity      SSE_RING (10000, at least twice SSE_BUFFER): recent updates kept for fast resume
 * @param instanceId        GATEWAY_INSTANCE_ID (host name + random suffix)
 * @param allowedOrigins    GATEWAY_ALLOWED_ORIGINS (comma list; empty = loopback origins only)
 * @param cacheGroupId      GATEWAY_CACHE_GROUP (prefix + mmpipe-gateway-cache): the group shared by all instances
 * @param cachePerChannel   GATEWAY_CACHE_PER_CHANNEL (50): updates kept per channel, and per feed, in Redis
 * @param mcpSessionTtl     MCP_SESSION_TTL (1h): a legacy MCP session unused this long expires
 * @param mcpMaxSessions    MCP_MAX_SESSIONS (10000): sessions held in memory when REDIS_URL is not set
 * @param mcpMaxStreams     MCP_MAX_STREAMS (1000): concurrent MCP GET and listen streams per instance
 * @param allowedHosts      GATEWAY_ALLOWED_HOSTS (comma list of host names; empty = loopback names when bound to
 *                          loopback, any name otherwise): the Host check against DNS rebinding
 * @param mcpStateKey       MCP_STATE_KEY (at least 16 characters; the same on every instance): signs the
 *                          requestState of input_required results; unset, each process makes its own (a warning)
 * @param mattermostToken   MATTERMOST_TOKEN, or null: the token the Mattermost tools and cache misses use when the
 *                          caller brings none (without it the Mattermost tools are not offered)
 * @param mattermostTeamId  MATTERMOST_TEAM_ID, or null: the team of searches and new channels when a call names none
 * @param allowWrites       GATEWAY_ALLOW_WRITES (false): whether tools that change Mattermost are offered
 * @param enabledTools      GATEWAY_ENABLED_TOOLS (comma list; empty = all): the tools offered, by name
 * @param apiTokens         GATEWAY_API_TOKENS (comma list of name=token, name[id|id]=token (a channel scope) or
 *                          token): API tokens accepted as Bearer tokens on /mcp, /events, /ws and /v1/broadcasts
 * @param catchUpReaders    SSE_CATCHUP_READERS (8): Kafka readers open at once for subscribers resuming from a
 *                          position the ring does not hold; more such subscribers wait in line for one
 * @param broadcastRing     BROADCAST_RING (1000, at least 2): recent broadcasts kept in memory (the ring of the
 *                          {@code mm.broadcasts} fan-out: MCP reads of {@code stream://broadcasts} and fast resume)
 * @param broadcastTimeout  BROADCAST_SEND_TIMEOUT (10s, 2s..120s): how long a broadcast may wait for Kafka's
 *                          acknowledgement before the sender gets 503 (the producer's delivery timeout)
 * @param access            GATEWAY_ANONYMOUS, GATEWAY_MATTERMOST_USERS, GATEWAY_PRINCIPAL_TTL,
 *                          GATEWAY_PRINCIPAL_CACHE: who may call ({@link AccessConfig})
 * @param ws                the limits of {@code /ws}: GATEWAY_WS_MAX_FRAME (65536 bytes, 256..16777216),
 *                          GATEWAY_WS_MAX_CONNECTIONS (10000), GATEWAY_WS_MAX_SUBSCRIPTIONS (16, at most 1000),
 *                          GATEWAY_WS_COMMAND_BURST (20), GATEWAY_WS_COMMANDS_PER_SECOND (10),
 *                          GATEWAY_WS_SEND_TIMEOUT (60s, 1s..10m)
 * @param limits            GATEWAY_RATE_PER_SECOND, GATEWAY_RATE_BURST, GATEWAY_RATE_KEYS,
 *                          GATEWAY_MAX_STREAMS_PER_PRINCIPAL, GATEWAY_MAX_CONNECTIONS, GATEWAY_MAX_BODY_BYTES,
 *                          GATEWAY_MAX_TCP_CONNECTIONS, GATEWAY_IDLE_TIMEOUT
 *                          ({@link LimitSettings} has the defaults)
 */
public record GatewayConfig(int port, String bind, Map<String, Object> kafka, Topics topics, int topicPartitions,
                            short topicReplication, URI redisUrl, URI mattermostUrl, Duration sseKeepAlive,
                            Duration sseRetry, int sseBuffer, int sseMaxSubscribers, int ringCapacity,
                            String instanceId, List<String> allowedOrigins, String cacheGroupId,
                            int cachePerChannel, Duration mcpSessionTtl, int mcpMaxSessions,
                            int mcpMaxStreams, List<String> allowedHosts, Secret mcpStateKey, Secret mattermostToken,
                            String mattermostTeamId, boolean allowWrites, List<String> enabledTools,
                            List<Secret> apiTokens, int catchUpReaders, int broadcastRing,
                            Duration broadcastTimeout, AccessConfig access, WsSettings ws,
                            LimitSettings limits) {

  public GatewayConfig {
    kafka = Map.copyOf(kafka);
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedHosts = List.copyOf(allowedHosts);
    enabledTools = enabledTools == null ? List.of() : List.copyOf(enabledTools);
    limits = limits == null ? LimitSettings.defaults() : limits;
    if (ringCapacity <= sseBuffer) {
      throw new IllegalArgumentException("ringCapacity must exceed sseBuffer");
    }
  }

  public static GatewayConfig fromEnv(Map<String, String> environment) {
    Env env = new Env(environment);
    int port = env.integer("GATEWAY_PORT", 8080, 0, 65535);
    String bind = env.string("GATEWAY_BIND", "127.0.0.1");
    Map<String, Object> kafka = env.kafkaProperties("localhost:9092");
    Topics topics = Topics.fromEnv(environment, env::problem);
    int partitions = env.integer("MMPIPE_TOPIC_PARTITIONS", 6, 1, 10_000);
    int replication = env.integer("MMPIPE_TOPIC_REPLICATION", 1, 1, 32);
    URI redis = env.optional("REDIS_URL").isPresent() ? env.uri("REDIS_URL", null) : null;
    URI mattermost = env.optional("MATTERMOST_URL").isPresent() ? env.uri("MATTERMOST_URL", null) : null;
    Duration keepAlive = env.duration("SSE_KEEPALIVE", Duration.ofSeconds(15), true);
    if (keepAlive.isZero()) {
      env.problem("SSE_KEEPALIVE must be positive");
      keepAlive = Duration.ofSeconds(15);
    }
    Duration retry = env.duration("SSE_RETRY", Duration.ofSeconds(3), true);
    int buffer = env.integer("SSE_BUFFER", 1000, 1, 1_000_000);
    int maxSubs = env.integer("SSE_MAX_SUBSCRIBERS", 1000, 1, 1_000_000);
    int ring = env.integer("SSE_RING", Math.max(10_000, 2 * buffer), 2, 10_000_000);
    if (ring <= buffer) {
      env.problem("SSE_RING (" + ring + ") must be larger than SSE_BUFFER (" + buffer + ")");
      ring = 2 * buffer;
    }
    String instance = env.string("GATEWAY_INSTANCE_ID", defaultInstanceId());
    List<String> origins = env.list("GATEWAY_ALLOWED_ORIGINS");
    String group = env.string("GATEWAY_CACHE_GROUP", topics.prefix() + "mmpipe-gateway-cache");
    int perChannel = env.integer("GATEWAY_CACHE_PER_CHANNEL", 50, 1, 10_000);
    Duration sessionTtl = env.duration("MCP_SESSION_TTL", Duration.ofHours(1), true);
    if (sessionTtl.toSeconds() < 1) {
      env.problem("MCP_SESSION_TTL must be at least 1s");
      sessionTtl = Duration.ofHours(1);
    }
    int maxSessions = env.integer("MCP_MAX_SESSIONS", 10_000, 1, 10_000_000);
    int maxStreams = env.integer("MCP_MAX_STREAMS", 1000, 1, 1_000_000);
    List<String> hosts = env.list("GATEWAY_ALLOWED_HOSTS");
    Secret stateKey = env.secret("MCP_STATE_KEY", false);
    if (stateKey != null && stateKey.isEmpty()) {
      stateKey = null;
    }
    if (stateKey != null && stateKey.reveal().length() < 16) {
      env.problem("MCP_STATE_KEY must be at least 16 characters");
    }
    Secret token = env.optional("MATTERMOST_TOKEN").map(Secret::of).orElse(null);
    if (token != null && mattermost == null) {
      env.problem("MATTERMOST_TOKEN is set but MATTERMOST_URL is not: the tools need both");
    }
    String team = env.optional("MATTERMOST_TEAM_ID").orElse(null);
    boolean writes = env.bool("GATEWAY_ALLOW_WRITES", false);
    List<String> enabled = env.list("GATEWAY_ENABLED_TOOLS");
    for (String name : enabled) {
      if (!ToolCatalog.KNOWN.contains(name)) {
        env.problem("GATEWAY_ENABLED_TOOLS names an unknown tool '" + name + "'; known: "
            + String.join(", ", ToolCatalog.KNOWN));
      }
    }
    List<Secret> apiTokens = env.list("GATEWAY_API_TOKENS").stream().map(Secret::of).toList();
    for (Secret t : apiTokens) {
      String v = t.reveal();
      if (v.isBlank() || v.endsWith("=")) { // the message never repeats a token
        env.problem("GATEWAY_API_TOKENS has an empty token");
      }
    }
    int catchUpReaders = env.integer("SSE_CATCHUP_READERS", 8, 1, 1000);
    int broadcastRing = env.integer("BROADCAST_RING", 1000, 2, 1_000_000);
    Duration broadcastTimeout = env.duration("BROADCAST_SEND_TIMEOUT", Duration.ofSeconds(10), true);
    if (broadcastTimeout.toMillis() < 2_000 || broadcastTimeout.toMillis() > 120_000) {
      env.problem("BROADCAST_SEND_TIMEOUT must be between 2s and 120s");
      broadcastTimeout = Duration.ofSeconds(10);
    }
    boolean loopback = AccessConfig.isLoopback(bind);
    Duration principalTtl = env.duration("GATEWAY_PRINCIPAL_TTL", Duration.ofSeconds(60), true);
    if (principalTtl.toMillis() < 1000 || principalTtl.toMillis() > 3_600_000) {
      env.problem("GATEWAY_PRINCIPAL_TTL must be between 1s and 1h");
      principalTtl = Duration.ofSeconds(60);
    }
    AccessConfig access = new AccessConfig(env.bool("GATEWAY_ANONYMOUS", loopback && apiTokens.isEmpty()),
        env.bool("GATEWAY_MATTERMOST_USERS", mattermost != null), principalTtl,
        env.integer("GATEWAY_PRINCIPAL_CACHE", 10_000, 1, 1_000_000));
    if (access.mattermostUsers() && mattermost == null) {
      env.problem("GATEWAY_MATTERMOST_USERS=true needs MATTERMOST_URL");
    }
    String accessProblem = access.problem(bind, apiTokens.size());
    if (accessProblem != null) {
      env.problem(accessProblem);
    }
    WsSettings ws = ws(env);
    LimitSettings d = LimitSettings.defaults();
    LimitSettings limits = new LimitSettings(env.integer("GATEWAY_RATE_PER_SECOND", (int) d.ratePerSecond(), 1,
        1_000_000), env.integer("GATEWAY_RATE_BURST", d.rateBurst(), 1, 1_000_000),
        env.integer("GATEWAY_RATE_KEYS", d.rateKeys(), 1, 10_000_000),
        env.integer("GATEWAY_MAX_STREAMS_PER_PRINCIPAL", d.streamsPerPrincipal(), 1, 1_000_000),
        env.integer("GATEWAY_MAX_CONNECTIONS", d.maxConnections(), 1, 1_000_000),
        env.integer("GATEWAY_MAX_BODY_BYTES", d.maxBodyBytes(), 1024, 1 << 30),
        env.integer("GATEWAY_MAX_TCP_CONNECTIONS", d.maxTcpConnections(), 1, 1_000_000),
        idleTimeout(env, d.idleTimeout(), keepAlive));
    env.throwIfProblems("mcp-gateway");
    return new GatewayConfig(port, bind, kafka, topics, partitions, (short) replication, redis, mattermost,
        keepAlive, retry, buffer, maxSubs, ring, instance, origins, group, perChannel, sessionTtl, maxSessions,
        maxStreams, hosts, stateKey, token, team, writes, enabled, apiTokens, catchUpReaders, broadcastRing,
        broadcastTimeout, access, ws, limits);
  }

  /**
   * GATEWAY_IDLE_TIMEOUT: 1s..1h, and longer than the SSE keep-alive period (an open stream's only traffic may be
   * its keep-alives; a timeout shorter than their period would cut every quiet stream).
   */
  private static Duration idleTimeout(Env env, Duration defaultValue, Duration keepAlive) {
    Duration idle = env.duration("GATEWAY_IDLE_TIMEOUT", defaultValue, true);
    if (idle.toMillis() < 1000 || idle.toHours() > 1 || idle.compareTo(keepAlive) <= 0) {
      env.problem("GATEWAY_IDLE_TIMEOUT must be between 1s and 1h and longer than SSE_KEEPALIVE (" + keepAlive + ")");
      return defaultValue;
    }
    return idle;
  }

  /** The {@code /ws} limits; each has a range, so a typo is refused at start instead of serving unbounded. */
  private static WsSettings ws(Env env) {
    WsSettings d = WsSettings.defaults();
    int frame = env.integer("GATEWAY_WS_MAX_FRAME", d.maxFrameBytes(), 256, 16 * 1024 * 1024);
    int connections = env.integer("GATEWAY_WS_MAX_CONNECTIONS", d.maxConnections(), 1, 1_000_000);
    int subscriptions = env.integer("GATEWAY_WS_MAX_SUBSCRIPTIONS", d.maxSubscriptions(), 1, 1000);
    int burst = env.integer("GATEWAY_WS_COMMAND_BURST", d.burst(), 1, 10_000);
    int perSecond = env.integer("GATEWAY_WS_COMMANDS_PER_SECOND", (int) d.perSecond(), 1, 10_000);
    Duration sendTimeout = env.duration("GATEWAY_WS_SEND_TIMEOUT", d.sendTimeout(), true);
    if (sendTimeout.toMillis() < 1000 || sendTimeout.toMinutes() > 10) {
      env.problem("GATEWAY_WS_SEND_TIMEOUT must be between 1s and 10m");
      sendTimeout = d.sendTimeout();
    }
    return new WsSettings(frame, connections, subscriptions, burst, perSecond, d.floodLimit(), sendTimeout,
        d.pingInterval());
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "gateway";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
