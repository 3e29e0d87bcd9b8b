package io.mmpipe.architecture.deploy;

import io.mmpipe.analytics.AnalyticsConfig;
import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.runtime.config.EnvReads;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimMain;
import io.mmpipe.streams.ProcessorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tiers that run as their own process, each with the code its main class runs to read its environment. What a
 * tier reads is found by running that code against an {@link EnvReads}, so no list of names is kept by hand.
 */
enum Tier {
  INGESTOR("ingestor", IngestorConfig::fromEnv,
      // the two settings an ingestor cannot start without; fromEnv stops before reading the rest otherwise
      Map.of("MATTERMOST_URL", "http://localhost:8065", "MATTERMOST_TOKEN", "token")),
  STREAM_PROCESSOR("stream-processor", ProcessorConfig::fromEnv, Map.of()),
  ANALYTICS("analytics", AnalyticsConfig::fromEnv, Map.of()),
  MCP_GATEWAY("mcp-gateway", GatewayConfig::fromEnv, Map.of()),
  MATTERMOST_SIM("mattermost-sim", env -> {
    SimConfig.fromEnv(env);
    SimMain.LoadSettings.fromEnv(env);
  }, Map.of());

  /** The variables runtime's logback.xml substitutes ({@code LOG_LEVEL}). */
  private static final Set<String> LOGGING = loggingVariables();

  private final String service;
  private final Consumer<Map<String, String>> readEnvironment;
  private final Map<String, String> minimal;

  Tier(String service, Consumer<Map<String, String>> readEnvironment, Map<String, String> minimal) {
    this.service = service;
    this.readEnvironment = readEnvironment;
    this.minimal = minimal;
  }

  /** The compose service, the env file's name under deploy/env/, and the tier's name in docs/configuration.md. */
  String service() {
    return service;
  }

  /**
   * Every variable name the tier asks for, in its configuration or in the logging setup every process shares; a
   * prefix read ends with {@code *} ({@code KAFKA_*}).
   */
  SortedSet<String> reads() {
    EnvReads env = new EnvReads(minimal);
    readEnvironment.accept(env);
    SortedSet<String> names = new TreeSet<>(env.asked());
    names.addAll(LOGGING);
    return Collections.unmodifiableSortedSet(names);
  }

  private static Set<String> loggingVariables() {
    try {
      String xml = Files.readString(ComposeFile.ROOT.resolve("runtime/src/main/resources/logback.xml"));
      return Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(xml).results().map(m -> m.group(1))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code name} is one the tier reads, directly or through a prefix read. */
  boolean reads(String name) {
    return reads().stream().anyMatch(r -> r.endsWith("*") ? name.startsWith(r.substring(0, r.length() - 1))
        : r.equals(name));
  }
}
