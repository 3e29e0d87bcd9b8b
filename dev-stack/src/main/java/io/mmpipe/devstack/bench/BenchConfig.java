package io.mmpipe.devstack.bench;

import io.mmpipe.runtime.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the bench runs and how big. Presets: {@code full} (default, a few minutes), {@code quick} (~1 minute smoke),
 * {@code tiny} (seconds, for the test). Any field can be overridden by a {@code MMPIPE_BENCH_*} variable.
 *
 * @param mode              the preset name
 * @param sections          which sections run (baseline, ingest, processor, e2e, gateway, resume)
 * @param partitions        partitions of every bench topic
 * @param baselineRecords   ProducerPerformance / ConsumerPerformance record count (200-byte records)
 * @param e2eRecords        EndToEndLatency round trips (one at a time)
 * @param ingestRate        simulator changes per second offered to the ingestor
 * @param ingestChannels    channels the load is spread over
 * @param ingestDuration    how long the load runs
 * @param processorRecords  raw events pre-produced for the processor throughput run
 * @param latencyRate       raw events per second for the processor latency runs (open model)
 * @param latencyDuration   length of each processor latency run
 * @param commitIntervals   PROCESSOR_COMMIT_INTERVAL values compared (the first is the default)
 * @param e2eRate           posts per second made in the simulator in the end-to-end runs (open model)
 * @param e2eDuration       length of each end-to-end run (one per commit interval)
 * @param subscriberCounts  SSE subscriber counts of the fan-out runs (one fresh server each)
 * @param wsSubscriberCounts WebSocket subscriber counts of the fan-out runs (may be empty)
 * @param gatewayRates      updates per second of the fan-out windows (each subscriber set sees every rate)
 * @param gatewayDuration   length of each fan-out window
 * @param peers             peer push servers run beside the gateway on the same stream (node, pushpin)
 * @param jfr               whether the child JVMs (gateway, simulator) record a flight recording (beside their logs)
 * @param outputDir         where the JSON report and tool outputs go
 * @param toolsClasspath    bench-tools' runtime-classpath.txt, or null to look for it
 * @param resumeUpdates     updates a resuming subscriber is behind (an hour at the full gateway rate: 360,000)
 */
public record BenchConfig(
    String mode,
    List<String> sections,
    int partitions,
    long baselineRecords,
    int e2eRecords,
    double ingestRate,
    int ingestChannels,
    Duration ingestDuration,
    int processorRecords,
    double latencyRate,
    Duration latencyDuration,
    List<Duration> commitIntervals,
    double e2eRate,
    Duration e2eDuration,
    List<Integer> subscriberCounts,
    List<Integer> wsSubscriberCounts,
    List<Integer> gatewayRates,
    Duration gatewayDuration,
    List<String> peers,
    boolean jfr,
    Path outputDir,
    String toolsClasspath,
    long resumeUpdates) {

  public static final List<String> ALL_SECTIONS = List.of("baseline", "ingest", "processor", "e2e",
      "gateway", "resume");
  /** The peer push servers the fan-out section can run beside the gateway. */
  public static final List<String> ALL_PEERS = List.of("node", "pushpin");

  public BenchConfig {
    sections = List.copyOf(sections);
    commitIntervals = List.copyOf(commitIntervals);
    subscriberCounts = List.copyOf(subscriberCounts);
    wsSubscriberCounts = List.copyOf(wsSubscriberCounts);
    gatewayRates = List.copyOf(gatewayRates);
    peers = List.copyOf(peers);
    if (commitIntervals.isEmpty() || subscriberCounts.isEmpty() || gatewayRates.isEmpty()) {
      throw new IllegalArgumentException("need at least one commit interval, subscriber count and gateway rate");
    }
    for (String peer : peers) {
      if (!ALL_PEERS.contains(peer)) {
        throw new IllegalArgumentException("unknown peer '" + peer + "' (" + ALL_PEERS + ")");
      }
    }
    if (resumeUpdates < 100) {
      throw new IllegalArgumentException("resumeUpdates must be at least 100");
    }
  }

  public boolean runs(String section) {
    return sections.contains(section);
  }

  public static BenchConfig preset(String mode, Path outputDir) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "full" -> new BenchConfig("full", ALL_SECTIONS, 6, 500_000, 3_000, 5_000, 100, Duration.ofSeconds(20),
          100_000, 500, Duration.ofSeconds(15), List.of(Duration.ofMillis(100), Duration.ofMillis(20),
              Duration.ofMillis(1000)), 1000, Duration.ofSeconds(15), List.of(1_000, 10_000), List.of(10_000),
          List.of(10, 100), Duration.ofSeconds(10), ALL_PEERS, false, outputDir, null, 360_000);
      // quick stays under 5 minutes on 2 cores: fewer records and subscribers than full, no processor variants
      // beyond the KAFKA-18202 pair (ProcessorThroughput), the Node peer only
      case "quick" -> new BenchConfig("quick", ALL_SECTIONS, 6, 100_000, 500, 1_000, 30, Duration.ofSeconds(8),
          40_000, 300, Duration.ofSeconds(5), List.of(Duration.ofMillis(100), Duration.ofMillis(20),
              Duration.ofMillis(1000)), 200, Duration.ofSeconds(6), List.of(500), List.of(500), List.of(100),
          Duration.ofSeconds(5), List.of("node"), false, outputDir, null, 60_000);
      case "tiny" -> new BenchConfig("tiny", ALL_SECTIONS, 2, 5_000, 50, 50, 3, Duration.ofSeconds(3),
          2_000, 100, Duration.ofSeconds(2), List.of(Duration.ofMillis(100)), 20, Duration.ofSeconds(2),
          List.of(5), List.of(5), List.of(20), Duration.ofSeconds(2), List.of(), false, outputDir, null, 2_000);
      default -> throw new IllegalArgumentException("unknown bench mode '" + mode + "' (quick, full)");
    };
  }

  /** The preset named by the first argument or MMPIPE_BENCH_MODE (default full), then MMPIPE_BENCH_* overrides. */
  public static BenchConfig fromArgs(String[] args, Map<String, String> environment) {
    Env env = new Env(environment);
    String mode = args.length > 0 ? args[0] : env.string("MMPIPE_BENCH_MODE", "full");
    Path out = Path.of(env.string("MMPIPE_BENCH_DIR", "target/bench"));
    BenchConfig p = preset(mode, out);
    List<String> sections = env.list("MMPIPE_BENCH_SECTIONS");
    for (String s : sections) {
      if (!ALL_SECTIONS.contains(s)) {
        env.problem("MMPIPE_BENCH_SECTIONS: unknown section '" + s + "' (" + ALL_SECTIONS + ")");
      }
    }
    List<Integer> subs = numbers(env, "MMPIPE_BENCH_SUBSCRIBERS");
    boolean noWs = env.list("MMPIPE_BENCH_WS_SUBSCRIBERS").equals(List.of("none"));
    List<Integer> wsSubs = noWs ? List.of() : numbers(env, "MMPIPE_BENCH_WS_SUBSCRIBERS");
    List<Integer> rates = numbers(env, "MMPIPE_BENCH_GATEWAY_RATES");
    List<String> peers = env.optional("MMPIPE_BENCH_PEERS").isPresent() ? env.list("MMPIPE_BENCH_PEERS")
        .stream().filter(s -> !s.equals("none")).toList() : p.peers();
    for (String s : peers) {
      if (!ALL_PEERS.contains(s)) {
        env.problem("MMPIPE_BENCH_PEERS: unknown peer '" + s + "' (" + ALL_PEERS + " or none)");
      }
    }
    BenchConfig c = new BenchConfig(p.mode(), sections.isEmpty() ? p.sections() : sections, p.partitions(),
        env.integer("MMPIPE_BENCH_BASELINE_RECORDS", (int) p.baselineRecords(), 1000, 100_000_000),
        p.e2eRecords(),
        env.integer("MMPIPE_BENCH_INGEST_RATE", (int) p.ingestRate(), 1, 100_000),
        env.integer("MMPIPE_BENCH_INGEST_CHANNELS", p.ingestChannels(), 1, 1_000),
        env.duration("MMPIPE_BENCH_INGEST_DURATION", p.ingestDuration(), true),
        env.integer("MMPIPE_BENCH_PROCESSOR_RECORDS", p.processorRecords(), 100, 10_000_000),
        p.latencyRate(), p.latencyDuration(), p.commitIntervals(),
        env.integer("MMPIPE_BENCH_E2E_RATE", (int) p.e2eRate(), 1, 100_000),
        env.duration("MMPIPE_BENCH_E2E_DURATION", p.e2eDuration(), true),
        subs.isEmpty() ? p.subscriberCounts() : subs,
        noWs || !wsSubs.isEmpty() ? wsSubs : p.wsSubscriberCounts(),
        rates.isEmpty() ? p.gatewayRates() : rates,
        env.duration("MMPIPE_BENCH_GATEWAY_DURATION", p.gatewayDuration(), true),
        peers.stream().filter(ALL_PEERS::contains).toList(), env.bool("MMPIPE_BENCH_JFR",
            env.bool("MMPIPE_BENCH_GATEWAY_JFR", false)), out,
        env.optional("MMPIPE_BENCH_TOOLS_CLASSPATH").orElse(null),
        env.integer("MMPIPE_BENCH_RESUME_UPDATES", (int) p.resumeUpdates(), 100, 100_000_000));
    env.throwIfProblems("bench");
    return c;
  }

  /** A comma list of positive numbers; each bad entry is a problem (reported with the others). */
  private static List<Integer> numbers(Env env, String name) {
    List<Integer> out = new java.util.ArrayList<>();
    for (String s : env.list(name)) {
      try {
        int n = Integer.parseInt(s.trim());
        if (n <= 0) {
          throw new NumberFormatException();
        }
        out.add(n);
      } catch (NumberFormatException e) {
        env.problem(name + " must be a comma list of positive numbers (was '" + s + "')");
      }
    }
    return out;
  }
}
