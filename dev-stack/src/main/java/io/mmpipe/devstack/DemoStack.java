package io.mmpipe.devstack;

import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.analytics.AnalyticsConfig;
import io.mmpipe.analytics.AnalyticsMain;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.RedisServer;
import io.mmpipe.devkit.RegistryServer;
import io.mmpipe.schemas.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: a real Kafka broker (KRaft), a real redis-server when one can be started, the
 * Mattermost simulator with live traffic (or a real Mattermost), the stream processor, the analytics job, the ingestor
 * and the gateway.
 * Started in dependency order, closed in reverse. Used by {@code ./mmpipe demo} and by the end-to-end tests.
 */
public final class DemoStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoStack.class);

  private final CloseStack started = new CloseStack("demo");
  private final DemoOptions options;
  private EmbeddedKafka kafka;
  private RedisServer redis;
  private RegistryServer registry;
  private MattermostSim sim;
  private ProcessorMain processor;
  private AnalyticsMain analytics;
  private IngestorMain ingestor;
  private GatewayMain gateway;
  private Topics topics;
  private String mattermostUrl;
  private final Map<String, String> tierEnv = new HashMap<>();

  private DemoStack(DemoOptions options) {
    this.options = options;
  }

  /** Starts everything; on any failure, closes what was started and rethrows. */
  public static DemoStack start(DemoOptions options) {
    DemoStack stack = new DemoStack(options);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    kafka = track(EmbeddedKafka.start());
    if (options.registry()) { // registry mode for every tier, against a registry of the demo's own
      registry = track(RegistryServer.start());
      tierEnv.put(SchemaRegistry.ENV, registry.url());
    }
    options.passThrough().forEach(tierEnv::putIfAbsent);
    tierEnv.put("MMPIPE_TOPIC_PREFIX", options.topicPrefix());
    topics = Topics.fromEnv(tierEnv);
    TopicAdmin.ensureTopics(kafka.clientProperties(), topics.creationConfigs(), options.partitions(), (short) 1);
    topics.registerSchemas();

    redis = startRedis().orElse(null);

    if (options.externalMattermost()) {
      mattermostUrl = options.mattermostUrl();
      log.info("using the Mattermost at {} (no simulator)", mattermostUrl);
    } else {
      sim = track(MattermostSim.start(SimConfig.defaults().withPort(options.simPort())));
      mattermostUrl = sim.baseUrl().toString();
    }

    tierEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    tierEnv.put("MMPIPE_TOPIC_PREFIX", options.topicPrefix());
    tierEnv.put("MMPIPE_TOPIC_PARTITIONS", String.valueOf(options.partitions()));
    tierEnv.put("MMPIPE_TOPIC_REPLICATION", "1");
    tierEnv.put("MATTERMOST_URL", mattermostUrl);
    tierEnv.put("MATTERMOST_TOKEN", options.externalMattermost() ? options.mattermostToken() : sim.botToken());
    // one key for every gateway of the demo: an MCP input_required state signed by one is accepted by another
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    tierEnv.putIfAbsent("MCP_STATE_KEY", HexFormat.of().formatHex(key));

    Map<String, String> processorEnv = new HashMap<>(tierEnv);
    processorEnv.putIfAbsent("PROCESSOR_STATE_DIR", tempDir("mmpipe-streams-").toString());
    processor = track(ProcessorMain.start(ProcessorConfig.fromEnv(processorEnv)));
    Map<String, String> analyticsEnv = new HashMap<>(tierEnv);
    analyticsEnv.putIfAbsent("ANALYTICS_STATE_DIR", tempDir("mmpipe-analytics-").toString());
    analytics = track(AnalyticsMain.start(AnalyticsConfig.fromEnv(analyticsEnv)));

    ingestor = track(IngestorMain.start(IngestorConfig.fromEnv(tierEnv)));

    gateway = startGateway(options.gatewayPort());

    if (sim != null && options.trafficPerSecond() > 0) {
      sim.load().start(options.trafficPerSecond(), options.trafficChannels());
      started.push("load-generator", () -> sim.load().stop());
    }
  }

  /**
   * Starts one more gateway instance on the same topics and Redis (0 = a free port); it is closed with the stack.
   * Any instance can serve any client, so this is how a test (or a person) sees a client move between instances.
   */
  public GatewayMain startGateway(int port) {
    Map<String, String> gatewayEnv = new HashMap<>(tierEnv);
    gatewayEnv.put("GATEWAY_PORT", String.valueOf(port));
    if (redis != null) {
      gatewayEnv.put("REDIS_URL", redis.url());
    }
    return track(GatewayMain.start(GatewayConfig.fromEnv(gatewayEnv)));
  }

  private Optional<RedisServer> startRedis() {
    if (RedisServer.locate().isEmpty()) {
      log.warn("redis-server is not installed: the gateway runs WITHOUT its Redis cache "
          + "(apt-get install redis-server to add it)");
      return Optional.empty();
    }
    try {
      return Optional.of(track(RedisServer.start()));
    } catch (RuntimeException e) {
      log.warn("redis-server could not be started ({}): the gateway runs WITHOUT its Redis cache", e.getMessage());
      return Optional.empty();
    }
  }

  private <T extends AutoCloseable> T track(T component) {
    started.push(component);
    return component;
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Topics topics() {
    return topics;
  }

  /** The simulator, or null when a real Mattermost is used. */
  public MattermostSim sim() {
    return sim;
  }

  /** The schema registry's base address in registry mode (the demo's own or the one passed in), else empty. */
  public Optional<String> registryUrl() {
    return topics.registry().map(r -> r.baseUrl().toString());
  }

  public boolean redisRunning() {
    return redis != null && redis.isRunning();
  }

  public String mattermostUrl() {
    return mattermostUrl;
  }

  public int gatewayPort() {
    return gateway.port();
  }

  public IngestorMain ingestor() {
    return ingestor;
  }

  public ProcessorMain processor() {
    return processor;
  }

  /** The channel-activity job (mm.updates to mm.analytics.channel-activity). */
  public AnalyticsMain analytics() {
    return analytics;
  }

  public GatewayMain gateway() {
    return gateway;
  }

  /** The environment given to the tiers (so a test can start another instance of one). */
  public Map<String, String> tierEnv() {
    return Map.copyOf(tierEnv);
  }

  /** Closes every component in the reverse order of starting; idempotent. */
  @Override
  public void close() {
    started.close();
  }
}
