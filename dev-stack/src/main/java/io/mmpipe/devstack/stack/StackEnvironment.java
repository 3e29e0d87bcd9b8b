package io.mmpipe.devstack.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of one process of the stack, built as docker-compose.yml builds its container's: the tier's env
 * file ({@code deploy/env/<tier>.env}, the one source of its fixed settings), then the values compose interpolates
 * (secrets and site settings: {@code MATTERMOST_URL}, {@code GATEWAY_API_TOKENS}, ...) resolved from the caller's
 * environment with compose's own defaults. On top, only the PLACEMENT names are rewritten: where a container finds
 * {@code kafka:9092} or listens on its own port 8080, a process on one machine needs a local address and a port of
 * its own. A placement name the compose environment does not give is refused, so the stack never gives a tier a
 * variable compose does not (architecture's {@code StackEnvironmentTest} compares the two per tier).
 */
public final class StackEnvironment {

  /** The addresses, ports and directories the stack rewrites; every other value is compose's. */
  public static final Set<String> PLACEMENT = Set.of("KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL", "GATEWAY_PORT",
      "INGESTOR_METRICS_PORT", "PROCESSOR_METRICS_PORT", "PROCESSOR_STATE_DIR", "SIM_PORT",
      "ANALYTICS_METRICS_PORT", "ANALYTICS_STATE_DIR",
      "SIM_HOST");

  /** Compose's default bot token of the simulator ({@code ${MATTERMOST_TOKEN:-simulated-bot-token}}). */
  public static final String SIM_BOT_TOKEN = "simulated-bot-token";

  /**
   * Where the stack's shared parts are.
   *
   * @param kafka         bootstrap servers of the local brokers
   * @param redisUrl      the local redis-server
   * @param simUrl        the local simulator, the default of {@code MATTERMOST_URL} (compose: mattermost-sim:8065)
   * @param replication   compose's default of {@code MMPIPE_TOPIC_REPLICATION} for this broker count
   */
  public record Shared(String kafka, String redisUrl, String simUrl, int replication) {}

  private StackEnvironment() {}

  /**
   * @param envFile the tier's env file, as read
   * @param caller  the environment {@code ./mmpipe stack up} runs in (compose interpolates from the same)
   * @param port    this process's own port (health, or the gateway's HTTP port)
   * @param dataDir this process's own directory (the processor's state)
   */
  public static Map<String, String> of(StackTier tier, Map<String, String> envFile, Map<String, String> caller,
      Shared shared, int port, Path dataDir) {
    Map<String, String> env = new LinkedHashMap<>(envFile);
    env.putAll(interpolated(tier, caller, shared));
    Map<String, String> placement = new LinkedHashMap<>();
    placement.put(tier.portVariable(), String.valueOf(port));
    switch (tier) {
      case MATTERMOST_SIM -> placement.put("SIM_HOST", "127.0.0.1");
      case INGESTOR -> placement.put("KAFKA_BOOTSTRAP_SERVERS", shared.kafka());
      case STREAM_PROCESSOR -> {
        placement.put("KAFKA_BOOTSTRAP_SERVERS", shared.kafka());
        placement.put("PROCESSOR_STATE_DIR", dataDir.resolve("state").toString());
      }
      case ANALYTICS -> {
        placement.put("KAFKA_BOOTSTRAP_SERVERS", shared.kafka());
        placement.put("ANALYTICS_STATE_DIR", dataDir.resolve("state").toString());
      }
      case MCP_GATEWAY -> {
        placement.put("KAFKA_BOOTSTRAP_SERVERS", shared.kafka());
        placement.put("REDIS_URL", shared.redisUrl());
        // GATEWAY_BIND stays compose's 0.0.0.0: with it the gateway accepts any Host name, as behind compose's
        // nginx (on loopback it would refuse a Host other than a loopback name); GATEWAY_API_TOKENS guards it
      }
    }
    placement.forEach((name, value) -> {
      if (!PLACEMENT.contains(name) || !env.containsKey(name)) {
        throw new IllegalStateException(tier.envFile() + " does not set " + name
            + ", which the stack must place (compose and the stack would give " + tier.service() + " different names)");
      }
      env.put(name, value);
    });
    return env;
  }

  /** What docker-compose.yml's {@code environment:} gives the tier, resolved as compose resolves it. */
  static Map<String, String> interpolated(StackTier tier, Map<String, String> caller, Shared shared) {
    Map<String, String> env = new LinkedHashMap<>();
    String replication = or(caller, "MMPIPE_TOPIC_REPLICATION", String.valueOf(shared.replication()));
    String mattermostUrl = or(caller, "MATTERMOST_URL", shared.simUrl());
    String token = or(caller, "MATTERMOST_TOKEN", SIM_BOT_TOKEN);
    if (tier != StackTier.MATTERMOST_SIM) {
      // compose's ${SCHEMA_REGISTRY_URL:-}: registry mode only when the caller names a registry
      env.put("SCHEMA_REGISTRY_URL", or(caller, "SCHEMA_REGISTRY_URL", ""));
    }
    switch (tier) {
      case MATTERMOST_SIM -> env.put("SIM_BOT_TOKEN", token);
      case INGESTOR -> {
        env.put("MMPIPE_TOPIC_REPLICATION", replication);
        env.put("MATTERMOST_URL", mattermostUrl);
        env.put("MATTERMOST_TOKEN", token);
        env.put("MATTERMOST_TEAM_ID", or(caller, "MATTERMOST_TEAM_ID", ""));
        env.put("MATTERMOST_CHANNEL_IDS", or(caller, "MATTERMOST_CHANNEL_IDS", ""));
      }
      case STREAM_PROCESSOR, ANALYTICS -> env.put("MMPIPE_TOPIC_REPLICATION", replication);
      case MCP_GATEWAY -> {
        env.put("MMPIPE_TOPIC_REPLICATION", replication);
        String tokens = caller.get("GATEWAY_API_TOKENS");
        if (tokens == null || tokens.isBlank()) {
          // compose's ${GATEWAY_API_TOKENS:?...}: no open gateway
          throw new IllegalArgumentException("set GATEWAY_API_TOKENS (name=token,...)");
        }
        env.put("GATEWAY_API_TOKENS", tokens);
        env.put("MATTERMOST_URL", mattermostUrl);
        env.put("MATTERMOST_TOKEN", token);
        env.put("GATEWAY_ALLOW_WRITES", or(caller, "GATEWAY_ALLOW_WRITES", "false"));
      }
    }
    return env;
  }

  /** Compose's {@code ${NAME:-fallback}}: the caller's value unless unset or empty. */
  private static String or(Map<String, String> caller, String name, String fallback) {
    String v = caller.get(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
