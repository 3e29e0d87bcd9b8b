package io.mmpipe.devstack;

import io.mmpipe.runtime.config.Env;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the demo runs with, from the environment.
 *
 * @param gatewayPort      GATEWAY_PORT (8080; 0 = a free port)
 * @param mattermostUrl    MATTERMOST_URL: a real Mattermost (with MATTERMOST_TOKEN) instead of the simulator
 * @param mattermostToken  MATTERMOST_TOKEN
 * @param simPort          DEMO_SIM_PORT (0 = a free port)
 * @param trafficPerSecond DEMO_TRAFFIC_RATE: simulated changes per second (default 4)
 * @param trafficChannels  DEMO_TRAFFIC_CHANNELS (default 3)
 * @param partitions       partitions of each topic
 * @param topicPrefix      MMPIPE_TOPIC_PREFIX
 * @param passThrough      tier settings the user set (POLLING_INTERVAL, ENABLE_STREAMING, ...), passed on as they are
 */
public record DemoOptions(int gatewayPort, String mattermostUrl, String mattermostToken, int simPort,
                          double trafficPerSecond, int trafficChannels, int partitions, String topicPrefix,
                          Map<String, String> passThrough, boolean registry) {

  /** Without a registry of the demo's own ({@code --registry} off). */
  public DemoOptions(int gatewayPort, String mattermostUrl, String mattermostToken, int simPort,
                     double trafficPerSecond, int trafficChannels, int partitions, String topicPrefix,
                     Map<String, String> passThrough) {
    this(gatewayPort, mattermostUrl, mattermostToken, simPort, trafficPerSecond, trafficChannels, partitions,
        topicPrefix, passThrough, false);
  }

  /** The same options with the demo's own Apicurio Registry on or off (registry mode for every tier). */
  public DemoOptions withRegistry(boolean on) {
    return new DemoOptions(gatewayPort, mattermostUrl, mattermostToken, simPort, trafficPerSecond, trafficChannels,
        partitions, topicPrefix, passThrough, on);
  }

  /** Settings the demo decides itself and never takes from the environment. */
  private static final Set<String> OWN = Set.of("KAFKA_BOOTSTRAP_SERVERS", "MATTERMOST_URL", "MATTERMOST_TOKEN",
      "GATEWAY_PORT", "REDIS_URL", "MMPIPE_TOPIC_PREFIX", "MMPIPE_TOPIC_PARTITIONS", "MMPIPE_TOPIC_REPLICATION");

  private static final Set<String> PASSED_PREFIXES = Set.of("MATTERMOST_", "ENABLE_", "POLLING_", "PROCESSOR_",
      "GATEWAY_", "SSE_", "DEDUPE_", "INGESTOR_", "AUTO_RECONNECT", "RECONNECT_", "MAX_RECONNECT", "HELLO_", "LOG_",
      "SCHEMA_REGISTRY_URL");

  public DemoOptions {
    passThrough = Map.copyOf(passThrough);
  }

  public boolean externalMattermost() {
    return mattermostUrl != null && !mattermostUrl.isBlank();
  }

  public static DemoOptions fromEnv(Map<String, String> environment) {
    Env env = new Env(environment);
    int port = env.integer("GATEWAY_PORT", 8080, 0, 65535);
    String url = env.optional("MATTERMOST_URL").orElse(null);
    String token = env.optional("MATTERMOST_TOKEN").orElse(null);
    if (url != null && token == null) {
      env.problem("MATTERMOST_URL is set but MATTERMOST_TOKEN is not: set both to use a real Mattermost, "
          + "or neither for the simulator");
    }
    if (url != null) {
      env.uri("MATTERMOST_URL", null);
    }
    int simPort = env.integer("DEMO_SIM_PORT", 0, 0, 65535);
    int rate = env.integer("DEMO_TRAFFIC_RATE", 4, 0, 100_000);
    int channels = env.integer("DEMO_TRAFFIC_CHANNELS", 3, 1, 1000);
    int partitions = env.integer("MMPIPE_TOPIC_PARTITIONS", 3, 1, 1000);
    String prefix = env.string("MMPIPE_TOPIC_PREFIX", "");
    env.throwIfProblems("demo");
    Map<String, String> pass = new HashMap<>();
    environment.forEach((k, v) -> {
      if (!OWN.contains(k) && PASSED_PREFIXES.stream().anyMatch(k::startsWith)) {
        pass.put(k, v);
      }
    });
    return new DemoOptions(port, url, token, simPort, rate, channels, partitions, prefix, pass);
  }
}
