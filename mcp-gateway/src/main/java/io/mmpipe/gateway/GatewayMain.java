package io.mmpipe.gateway;

import io.javalin.Javalin;
import io.mmpipe.gateway.analytics.ActivityBoard;
import io.mmpipe.gateway.analytics.ActivityReader;
import io.mmpipe.gateway.analytics.AnalyticsResources;
import io.mmpipe.gateway.analytics.AnalyticsRoutes;
import io.mmpipe.gateway.broadcast.BroadcastPublisher;
import io.mmpipe.gateway.broadcast.BroadcastResources;
import io.mmpipe.gateway.broadcast.BroadcastRoutes;
import io.mmpipe.gateway.broadcast.BroadcastUpdates;
import io.mmpipe.gateway.broadcast.PushStreamTool;
import io.mmpipe.gateway.cache.CacheWriter;
import io.mmpipe.gateway.cache.ChannelCache;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.gateway.dashboard.DashboardRoutes;
import io.mmpipe.gateway.health.HealthRoutes;
import io.mmpipe.gateway.health.HealthService;
import io.mmpipe.gateway.http.AuthRoutes;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.limits.LimitRoutes;
import io.mmpipe.gateway.mattermost.MattermostAccess;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.MattermostResources;
import io.mmpipe.gateway.mcp.McpRoutes;
import io.mmpipe.gateway.mcp.McpSettings;
import io.mmpipe.gateway.mcp.PipelineStatusTool;
import io.mmpipe.gateway.mcp.RecentUpdates;
import io.mmpipe.gateway.mcp.WaitForUpdatesTool;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import io.mmpipe.gateway.mcp.session.MemorySessionStore;
import io.mmpipe.gateway.mcp.session.RedisInstanceBus;
import io.mmpipe.gateway.mcp.session.RedisSessionStore;
import io.mmpipe.gateway.mcp.session.RedisTaskStore;
import io.mmpipe.gateway.mcp.session.SharedStateKey;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.mcp.session.TaskStore;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.metrics.GatewayStats;
import io.mmpipe.gateway.metrics.MetricsRoutes;
import io.mmpipe.gateway.metrics.StatsRoutes;
import io.mmpipe.gateway.ops.ExportChannelHistoryTool;
import io.mmpipe.gateway.ops.OperationResults;
import io.mmpipe.gateway.ops.OperationStore;
import io.mmpipe.gateway.ops.OperationTools;
import io.mmpipe.gateway.ops.Operations;
import io.mmpipe.gateway.ops.OperationsRoutes;
import io.mmpipe.gateway.ops.RedisOperationStore;
import io.mmpipe.gateway.prompts.CatchUpPrompt;
import io.mmpipe.gateway.prompts.SummarizeChannelPrompt;
import io.mmpipe.gateway.resources.ChannelPostsFallback;
import io.mmpipe.gateway.resources.ObjectResources;
import io.mmpipe.gateway.security.Access;
import io.mmpipe.gateway.security.HostPolicy;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.sse.SseHandler;
import io.mmpipe.gateway.sse.SseRoutes;
import io.mmpipe.gateway.stream.CatchUpPool;
import io.mmpipe.gateway.stream.KafkaCatchUpSource;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateFanOut;
import io.mmpipe.gateway.stream.UpdateReader;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.gateway.tools.ToolCatalog;
import io.mmpipe.gateway.ws.WsRoutes;
import io.mmpipe.gateway.ws.WsOperations;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of the gateway. First the services the features share: topics, the meters, the fan-out consumer
 * with its ring and {@link UpdateStreams}, the optional Redis cache; then the {@link GatewayFeature}s (each started in
 * order), and last the HTTP server with every feature's routes. {@link #close()} stops them in reverse order and is
 * idempotent. A new feature is one more entry in {@code features(…)}.
 */
public final class GatewayMain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);
  /**
   * The tools' Mattermost calls: the ingestor's policy, but a person or model is waiting, so fewer and shorter
   * retries (about 4 s in all before a tool says Mattermost is unreachable).
   */
  private static final RestPolicy MATTERMOST_POLICY =
      new RestPolicy(20, 3, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(15));

  private final CloseStack started = new CloseStack("gateway");
  private final GatewayConfig config;
  private final Consumer<McpRoutes> mcpExtensions;
  private ChannelCache cache;
  private UpdateRing broadcastRing;
  private MattermostReads reads; // null: no MATTERMOST_TOKEN, no Mattermost tools
  private Operations operations;
  private Access access;
  private Javalin app;
  /** The analytics job's latest minute and hour per channel (read from its topic, if the job runs). */
  private final ActivityBoard activity = new ActivityBoard(ActivityBoard.DEFAULT_CAPACITY);

  private GatewayMain(GatewayConfig config, Consumer<McpRoutes> mcpExtensions) {
    this.config = config;
    this.mcpExtensions = mcpExtensions;
  }

  public static void main(String[] args) {
    Shutdown.closeOnExit("gateway", start(GatewayConfig.fromEnv(System.getenv())));
  }

  /** Starts everything; on failure closes what was started and rethrows. */
  public static GatewayMain start(GatewayConfig config) {
    return start(config, mcp -> { });
  }

  /**
   * Starts everything, letting {@code mcpExtensions} register more tools, resources and prompts on {@code /mcp}
   * after the product's own (the conformance fixtures use this from test code).
   */
  public static GatewayMain start(GatewayConfig config, Consumer<McpRoutes> mcpExtensions) {
    GatewayMain gw = new GatewayMain(config, mcpExtensions);
    try {
      gw.startAll();
      return gw;
    } catch (RuntimeException e) {
      gw.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gw.close();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private void startAll() throws InterruptedException {
    TopicAdmin.ensureTopics(config.kafka(), config.topics().creationConfigs(), config.topicPartitions(),
        config.topicReplication());
    config.topics().registerSchemas(); // registry mode: a schema change the registry refuses stops us here
    String topic = config.topics().updates().name();
    GatewayMetrics metrics = track(new GatewayMetrics(config.instanceId()));

    UpdateRing ring = new UpdateRing(config.ringCapacity());
    // the ring grows by one poll at a time; a poll larger than a subscriber's buffer would overflow everyone
    Map<String, Object> fanOutProps = new HashMap<>(config.kafka());
    fanOutProps.putIfAbsent("max.poll.records", Math.max(1, Math.min(1000, config.sseBuffer() / 4)));
    access = access(metrics);
    UpdateReader decode = UpdateReader.resourceUpdates(config.topics().updates());
    UpdateReader tapped = (t, bytes) -> { // scopes change before any subscriber sees what follows the change
      ResourceUpdate u = decode.read(t, bytes);
      if (u != null) {
        access.membershipTap().accept(u);
      }
      return u;
    };
    UpdateFanOut fanOut = track(new UpdateFanOut(fanOutProps, topic, ring, tapped, "gateway-fanout",
        metrics::undecodable).start());
    if (!fanOut.awaitReady(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the fan-out consumer did not get its assignment of " + topic + " in 60 s");
    }
    metrics.consumerLag(() -> fanOut.status().lag());
    metrics.fanOutRestarts(fanOut::restarts);
    KafkaCatchUpSource logReaders = track(new KafkaCatchUpSource(config.kafka(), topic, decode, metrics::undecodable));
    fanOut.watchEpoch(logReaders); // a replaced fan-out consumer learns the epoch again (topic recreated)
    CatchUpPool catchUps = new CatchUpPool(logReaders, config.catchUpReaders());
    metrics.catchUpReaders(catchUps::live);
    UpdateStreams streams = new UpdateStreams(ring, topic, config.sseBuffer(), catchUps, logReaders, fanOut::live);


    if (config.redisUrl() != null) {
      cache = track(new ChannelCache(config.redisUrl(), config.topics().prefix() + "mmpipe:",
          config.cachePerChannel()));
      if (!cache.ping()) {
        log.warn("Redis at {}:{} is not reachable; serving without the cache until it is",
            config.redisUrl().getHost(), config.redisUrl().getPort());
      }
      // the writer also makes the read cache forget what each update changed (once per update, group-wide)
      track(new CacheWriter(config.kafka(), topic, config.topics().updates().valueSerde().deserializer(),
          config.cacheGroupId(), cache, metrics::cached,
          reads == null ? u -> { } : reads::changed).start());
    } else {
      log.info("REDIS_URL not set: running without the Redis cache");
    }

    UpdateStreams broadcasts = broadcasts(metrics);
    BroadcastPublisher publisher = track(new BroadcastPublisher(config.kafka(), config.topics().broadcasts(),
        config.broadcastTimeout(), Clock.systemUTC()));
    StreamDirectory directory = new StreamDirectory(streams, Map.of(StreamDirectory.BROADCASTS, broadcasts));

    // operations: shared through Redis when REDIS_URL is set, else (and while Redis is down) this instance's own
    Operations.Settings opsSettings = Operations.Settings.defaults();
    operations = track(new Operations(config.redisUrl() == null ? OperationStore.NONE
        : new RedisOperationStore(config.redisUrl(), config.topics().prefix() + "mmpipe:", opsSettings.keep(),
            opsSettings.ttl()), opsSettings, Clock.systemUTC()));

    List<GatewayFeature> features = features(metrics, fanOut, directory, ring, publisher);
    for (GatewayFeature feature : features) {
      feature.start();
      started.push(feature);
    }
    app = GatewayServer.create(new OriginPolicy(config.allowedOrigins()),
            HostPolicy.forBind(config.bind(), config.allowedHosts()), features)
        .start(config.bind(), config.port());
    started.push("http-server", () -> {
      features.forEach(GatewayFeature::drain);
      app.stop();
    });
    log.info("gateway {} serving {} on http://{}:{}/", config.instanceId(), topic, config.bind(), app.port());
  }

  /**
   * The broadcasts: a second fan-out, of {@code mm.broadcasts} into a ring of its own, each record read as a
   * ResourceUpdate of {@code stream://broadcasts}, served by the same subscriptions and catch-up readers as the
   * updates.
   */
  private UpdateStreams broadcasts(GatewayMetrics metrics) throws InterruptedException {
    String topic = config.topics().broadcasts().name();
    broadcastRing = new UpdateRing(config.broadcastRing());
    int buffer = Math.min(config.sseBuffer(), config.broadcastRing() / 2);
    Map<String, Object> props = new HashMap<>(config.kafka());
    props.putIfAbsent("max.poll.records", Math.max(1, Math.min(1000, buffer / 4)));
    BroadcastUpdates read = new BroadcastUpdates(config.topics().broadcasts().valueSerde().deserializer());
    KafkaCatchUpSource readers = track(new KafkaCatchUpSource(config.kafka(), topic, read, metrics::undecodable));
    UpdateFanOut fanOut = track(new UpdateFanOut(props, topic, broadcastRing, read,
        "gateway-broadcasts", metrics::undecodable).watchEpoch(readers).start());
    if (!fanOut.awaitReady(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the broadcast consumer did not get its assignment of " + topic + " in 60 s");
    }
    return new UpdateStreams(broadcastRing, topic, buffer, new CatchUpPool(readers, config.catchUpReaders()),
        readers, fanOut::live);
  }

  /** What the gateway serves, in start order. */
  private List<GatewayFeature> features(GatewayMetrics metrics, UpdateFanOut fanOut, StreamDirectory directory,
                                        UpdateRing ring, BroadcastPublisher publisher) {
    HealthService health = new HealthService(fanOut::status, cache == null ? null : cache::ping,
        config.mattermostUrl());
    List<GatewayFeature> features = new ArrayList<>();
    if (access.auth() != null) {
      features.add(new AuthRoutes(access.auth()));
      log.info("Bearer authentication on {}: {} API tokens, Mattermost users' tokens {}, anonymous {}",
          AuthRoutes.PROTECTED, config.apiTokens().size(), config.access().mattermostUsers() ? "on" : "off",
          config.access().anonymous() ? "allowed (loopback)" : "refused");
    }
    // after authentication (a request counts against the principal it proved to be), before every handler
    features.add(new LimitRoutes(config.limits(), principals()));
    features.addAll(List.of(
        new HealthRoutes(health),
        new MetricsRoutes(metrics),
        new SseRoutes(directory, principals(), metrics,
            new SseHandler.Settings(config.sseKeepAlive(), config.sseRetry(), config.sseMaxSubscribers(),
                config.instanceId()), new OriginPolicy(config.allowedOrigins())),
        mcp(metrics, fanOut, directory, ring, health, publisher),
        new OperationsRoutes(operations, principals()),
        new DashboardRoutes(),
        new BroadcastRoutes(publisher, principals()),
        new AnalyticsRoutes(activity, new ActivityReader(config.kafka(), config.topics().channelActivity(),
            activity), principals())));
    GatewayStats stats = new GatewayStats(config.instanceId(), metrics, ring::head, () -> fanOut.status().lag());
    features.add(new StatsRoutes(stats));
    WsRoutes ws = new WsRoutes(directory, principals(), metrics, stats, config.ws());
    WsOperations.install(ws.commands(), operations);
    features.add(ws);
    return features;
  }

  /**
   * The Mattermost reads of the tools (with MATTERMOST_TOKEN) and who may call (API tokens, Mattermost users'
   * own tokens resolved through the same client and read cache, anonymous on loopback).
   */
  private Access access(GatewayMetrics metrics) {
    if (config.mattermostUrl() == null) {
      log.info("MATTERMOST_URL not set: no Mattermost tools, prompts or per-object resources");
      return Access.create(config.access(), config.apiTokens(), null, null);
    }
    Secret token = config.mattermostToken() != null ? config.mattermostToken() : Secret.of("");
    MattermostClient client = track(new MattermostClient(config.mattermostUrl(), token, "MATTERMOST_TOKEN",
        MATTERMOST_POLICY));
    ReadCache readCache = track(new ReadCache(config.redisUrl(), config.topics().prefix() + "mmpipe:",
        metrics::cacheHit, metrics::cacheMiss));
    if (config.mattermostToken() != null) {
      reads = new MattermostReads(new MattermostAccess(client, config.mattermostTeamId()), readCache);
    } else {
      log.info("MATTERMOST_TOKEN not set: no Mattermost tools, prompts or per-object resources");
    }
    return Access.create(config.access(), config.apiTokens(), client, readCache);
  }

  /** Who is asking (the same resolver on every endpoint). */
  private PrincipalResolver principals() {
    return access.resolver();
  }

  /** {@code /mcp} with the pipeline's own tools and the live feeds; sessions in Redis when REDIS_URL is set. */
  private McpRoutes mcp(GatewayMetrics metrics, UpdateFanOut fanOut, StreamDirectory directory, UpdateRing ring,
                        HealthService health, BroadcastPublisher publisher) {
    UpdateStreams streams = directory.updates();
    McpSettings settings = McpSettings.defaults(config.instanceId(), config.sseKeepAlive(), config.sseRetry())
        .withMaxStreams(config.mcpMaxStreams());
    if (config.mcpStateKey() != null) {
      settings = settings.withStateKey(config.mcpStateKey().reveal().getBytes(StandardCharsets.UTF_8));
    } else if (config.redisUrl() != null) {
      // no MCP_STATE_KEY: the gateways sharing this Redis agree on one (else McpRoutes warns and uses its own)
      Optional<byte[]> shared = SharedStateKey.agree(config.redisUrl(), config.topics().prefix() + "mmpipe:");
      if (shared.isPresent()) {
        settings = settings.withStateKey(shared.get());
        log.info("MCP_STATE_KEY not set: input_required states are signed with the key the gateways share in Redis");
      }
    }
    SessionStore sessions = config.redisUrl() != null
        ? new RedisSessionStore(config.redisUrl(), config.topics().prefix() + "mmpipe:", config.mcpSessionTtl())
        : new MemorySessionStore(config.mcpSessionTtl(), config.mcpMaxSessions(), Clock.systemUTC());
    InstanceBus bus = config.redisUrl() != null
        ? new RedisInstanceBus(config.redisUrl(), config.topics().prefix() + "mmpipe:")
        : InstanceBus.NONE;
    TaskStore tasks = config.redisUrl() != null
        ? new RedisTaskStore(config.redisUrl(), config.topics().prefix() + "mmpipe:")
        : TaskStore.NONE;
    McpRoutes mcp = new McpRoutes(settings, directory, sessions, tasks, bus, principals(), metrics);
    ToolCatalog.registerPipeline(mcp.tools(), config.enabledTools(), List.of(
        new PipelineStatusTool(config.instanceId(), health, fanOut::status, metrics),
        new WaitForUpdatesTool(streams, settings.maxWaits(), settings.maxWait()),
        new PushStreamTool(publisher)));
    mcp.resources().register(new BroadcastResources(new RecentUpdates(broadcastRing,
        directory.forResource(StreamDirectory.BROADCASTS)::tokens, null, () -> { }, () -> { }),
        settings.readLimit()));
    ToolCatalog.registerPipeline(mcp.tools(), config.enabledTools(), OperationTools.all(operations));
    mcp.resources().register(new OperationResults(operations));
    mcp.resources().register(new AnalyticsResources(activity));
    RecentUpdates recent = new RecentUpdates(ring, streams::tokens, cache, metrics::cacheHit,
        metrics::cacheMiss);
    if (reads == null) {
      List<String> without = config.enabledTools().stream().filter(t -> !ToolCatalog.PIPELINE.contains(t)).toList();
      if (!without.isEmpty()) {
        log.warn("GATEWAY_ENABLED_TOOLS names {} but MATTERMOST_TOKEN is not set: those tools are not offered",
            without);
      }
      mcp.resources().register(new MattermostResources(recent, settings.readLimit()));
      mcpExtensions.accept(mcp);
      return mcp;
    }
    ToolCatalog.registerPipeline(mcp.tools(), config.enabledTools(),
        List.of(new ExportChannelHistoryTool(reads, operations)));
    int listed = ToolCatalog.registerMattermost(mcp.tools(), reads, config.allowWrites(), config.enabledTools());
    log.info("{} Mattermost tools offered; writes {}", listed,
        config.allowWrites() ? "ON (GATEWAY_ALLOW_WRITES=true)" : "off");
    mcp.resources()
        .register(new MattermostResources(recent, settings.readLimit(), new ChannelPostsFallback(reads)))
        .register(new ObjectResources(reads));
    mcp.prompts()
        .register(new SummarizeChannelPrompt(reads, Clock.systemUTC()))
        .register(new CatchUpPrompt(reads, Clock.systemUTC()));
    mcpExtensions.accept(mcp);
    return mcp;
  }

  private <T extends AutoCloseable> T track(T resource) {
    return started.push(resource);
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return app.port();
  }

  public GatewayConfig config() {
    return config;
  }

  /** The operations facade (for the WebSocket, the dashboard and tests). */
  public Operations operations() {
    return operations;
  }

  /** The Redis channel cache, when REDIS_URL is set. */
  public Optional<ChannelCache> cache() {
    return Optional.ofNullable(cache);
  }

  @Override
  public void close() {
    started.close();
  }
}
