package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 4: fan-out. One gateway in a child JVM of its own and, side by side on the same stream, the peer push
 * servers (Node on ws + better-sse, Pushpin): for each server, transport (SSE, WebSocket) and subscriber count a
 * fresh server and that many subscribers (one socket each, all read by the few selector threads of a
 * {@link LoadClient} in the bench JVM, the same client for every server); then, for each
 * rate, updates are written to mm.updates on an open model carrying their scheduled send time. The gateway reads
 * them itself, a peer gets each from {@link PeerFeeder}. Figures: deliveries/s against subscribers x rate, latency
 * from the scheduled send to receipt, and memory per idle connection (resident set of the server's process tree
 * after connecting, minus before, divided by the subscribers, the baseline taken after a warm-up of as many
 * subscribers opened and closed, at most {@link #WARM_UP_MAX}; for the gateway also heap after GC). Then the goals:
 * the gateway against the best peer that ran.
 */
final class GatewayBench {

  static final String SECTION = "gateway";
  private static final Logger log = LoggerFactory.getLogger(GatewayBench.class);
  static final double P99_GOAL_MS = 250;
  /** How long each window's load runs, at its rate, before it is measured. */
  static final java.time.Duration WARM_UP = java.time.Duration.ofSeconds(3);
  /** Subscribers opened and closed before the memory baseline (at most the measured count). */
  static final int WARM_UP_MAX = 1_000;

  /** Starts a fresh server of one kind; {@code label} names its log. */
  private interface Starter {
    PushServer start(String label) throws Exception;
  }

  private record Kind(String name, String version, Starter starter) {}

  /** One measured window. */
  record Result(String server, String transport, int subscribers, int rate, double offered, double delivered,
      Latency.Summary latency, double rssPerConnKiB, double heapPerConnKiB, long misordered,
      GcLog.Pause serverPause, GcLog.Pause benchPause, double cpuUsPerDelivery) {}

  /** The bench JVM's own GC and safepoint log (broker, producer, load client), started by {@link BenchMain}. */
  static Path benchGcLog(BenchConfig config) {
    return config.outputDir().resolve("bench-jvm-gc.log");
  }

  private final EmbeddedKafka kafka;
  private final BenchConfig config;
  private final Path peersDir;

  GatewayBench(EmbeddedKafka kafka, BenchConfig config) {
    this(kafka, config, Path.of(".mmpipe", "bench-peers"));
  }

  GatewayBench(EmbeddedKafka kafka, BenchConfig config, Path peersDir) {
    this.kafka = kafka;
    this.config = config;
    this.peersDir = peersDir;
  }

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-gw-", config.partitions());
    Path logs = config.outputDir().resolve("fanout");
    List<Kind> kinds = new ArrayList<>();
    Map<String, String> env = gatewayEnv(topics);
    kinds.add(new Kind("gateway", "this build", label -> GatewayServer.start(env, logs, label,
        config.jfr())));
    for (String peer : config.peers()) {
      Path dir = peersDir.resolve(peer);
      try {
        Kind k = switch (peer) {
          case "node" -> new Kind(peer, NodePeer.install(dir), label -> NodePeer.start(dir, label));
          case "pushpin" -> new Kind(peer, PushpinPeer.install(dir, !config.mode().equals("quick")),
              label -> PushpinPeer.start(dir, label));
          default -> throw new IllegalArgumentException(peer);
        };
        kinds.add(k);
        report.note(SECTION, peer + " ran: " + k.version());
      } catch (PeerServer.Unavailable e) {
        report.note(SECTION, peer + " not run: " + e.getMessage());
      }
    }
    List<Result> results = new ArrayList<>();
    try (KafkaProducer<String, ResourceUpdate> producer = BenchUpdates.producer(kafka.clientProperties(), topics, 0);
         PeerFeeder feeder = new PeerFeeder(kafka, topics)) {
      for (Kind kind : kinds) {
        try {
          for (int subs : config.subscriberCounts()) {
            results.addAll(runServer(kind, "SSE", subs, producer, topics, feeder, report));
          }
          for (int subs : config.wsSubscriberCounts()) {
            results.addAll(runServer(kind, "WS", subs, producer, topics, feeder, report));
          }
        } catch (Exception e) {
          if (kind.name().equals("gateway")) {
            throw e;
          }
          // a peer that fails is reported, and the gateway's figures still count
          log.warn("fan-out: {} failed", kind.name(), e);
          report.note(SECTION, kind.name() + " stopped: " + e.getMessage());
        }
      }
      if (feeder.failed() > 0) {
        report.note(SECTION, feeder.failed() + " publishes to peers failed (those updates reached no subscriber)");
      }
    }
    figures(report, baseline, results);
    charts(report, results);
  }

  private Map<String, String> gatewayEnv(Topics topics) {
    int most = java.util.stream.Stream.concat(config.subscriberCounts().stream(),
        config.wsSubscriberCounts().stream()).mapToInt(Integer::intValue).max().orElse(0);
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("MMPIPE_TOPIC_PREFIX", topics.prefix());
    env.put("MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()));
    // warm-up subscribers may linger until the gateway notices them gone
    env.put("SSE_MAX_SUBSCRIBERS", String.valueOf(most + WARM_UP_MAX + 10));
    // every bench subscriber is the one anonymous principal: its stream limit must not be what is measured
    env.put("GATEWAY_MAX_STREAMS_PER_PRINCIPAL", String.valueOf(most + WARM_UP_MAX + 10));
    return env;
  }

  private List<Result> runServer(Kind kind, String transport, int subscribers,
      KafkaProducer<String, ResourceUpdate> producer, Topics topics, PeerFeeder feeder, BenchReport report)
      throws Exception {
    String label = transport.toLowerCase(Locale.ROOT) + "-" + subscribers;
    List<Result> results = new ArrayList<>();
    List<AutoCloseable> subs = new ArrayList<>();
    try (PushServer server = kind.starter().start(label); LoadClient client = new LoadClient()) {
      if (transport.equals("WS") && server.ws() == null) {
        report.note(SECTION, kind.name() + " " + subscribers + " WS subs not run: no WebSocket in the bench");
        return results;
      }
      log.info("fan-out: {} with {} {} subscribers", kind.name(), subscribers, transport);
      BenchClock clock = new BenchClock();
      AtomicReference<DeliveryCounter.Window> window = new AtomicReference<>();
      List<DeliveryCounter> counters = new ArrayList<>();
      Thread.sleep(500);
      warmUp(kind, server, client, transport, Math.min(subscribers, WARM_UP_MAX), clock);
      long heapBefore = server.heapAfterGc();
      long rssBefore = PushServer.rssBytes(server.process());
      connect(server, client, transport, subscribers, clock, window, counters, subs);
      await(() -> counters.stream().allMatch(DeliveryCounter::ready), 120_000,
          "every subscriber's ready event (" + kind.name() + ")");
      Thread.sleep(1_000);
      long heapIdle = server.heapAfterGc();
      double rssPerConn = (PushServer.rssBytes(server.process()) - rssBefore) / 1024.0 / subscribers;
      double heapPerConn = heapBefore < 0 || heapIdle < 0 ? Double.NaN : (heapIdle - heapBefore) / 1024.0
          / subscribers;
      feeder.feed(server);
      try {
        for (int rate : config.gatewayRates()) {
          results.add(window(kind.name(), server, transport, subscribers, rate, clock, window, producer, topics,
              rssPerConn, heapPerConn));
        }
      } finally {
        feeder.feed(null);
      }
    } finally {
      for (AutoCloseable s : subs) {
        s.close();
      }
    }
    return results;
  }

  private static void connect(PushServer server, LoadClient client, String transport, int n, BenchClock clock,
      AtomicReference<DeliveryCounter.Window> window, List<DeliveryCounter> counters, List<AutoCloseable> subs) {
    for (int i = 0; i < n; i++) {
      DeliveryCounter counter = new DeliveryCounter(clock, window);
      counters.add(counter);
      subs.add(transport.equals("WS") ? client.ws(server.ws(), server.wsSubscribe(), counter)
          : client.sse(server.sse(), counter));
    }
  }

  /**
   * Opens {@code n} subscribers, waits for their ready events and closes them, before the memory baseline is taken:
   * what a server spends once (code compiled and classes loaded on first use, a JIT's code cache, pools sized on
   * first demand) is not a cost of each connection. Every server, gateway and peers alike, gets the same warm-up.
   */
  private static void warmUp(Kind kind, PushServer server, LoadClient client, String transport, int n,
      BenchClock clock) throws Exception {
    List<DeliveryCounter> counters = new ArrayList<>();
    List<AutoCloseable> subs = new ArrayList<>();
    try {
      connect(server, client, transport, n, clock, new AtomicReference<>(), counters, subs);
      await(() -> counters.stream().allMatch(DeliveryCounter::ready), 120_000,
          "every warm-up subscriber's ready event (" + kind.name() + ")");
    } finally {
      for (AutoCloseable s : subs) {
        s.close();
      }
    }
    // the server sees the closes: the gateway notices an idle SSE client gone at its next keep-alive (15 s)
    await(() -> server.openSubscribers() <= 0, 40_000, null);
    Thread.sleep(1_000);
  }

  private Result window(String name, PushServer server, String transport, int subscribers, int rate, BenchClock clock,
      AtomicReference<DeliveryCounter.Window> window, KafkaProducer<String, ResourceUpdate> producer, Topics topics,
      double rssPerConn, double heapPerConn) throws InterruptedException {
    long total = Math.round(rate * config.gatewayDuration().toMillis() / 1000.0);
    // after the measured window the load goes on a little, unmeasured, so the last updates are not a quiet tail
    long extra = Math.max(rate * 2L, 10);
    long intervalNanos = Math.round(1e9 / rate);
    // before the window the load runs unmeasured for WARM_UP, so that what is measured is the server's steady state,
    // not its first minutes (a fresh JVM interprets its send path while ten thousand subscribers wait on it)
    long warm = Math.round(rate * WARM_UP.toMillis() / 1000.0);
    long startNanos = System.nanoTime() + 100_000_000 + warm * intervalNanos;
    Latency latency = new Latency();
    LongAdder delivered = new LongAdder();
    LongAdder misordered = new LongAdder();
    int measuredSeconds = (int) Math.ceil(config.gatewayDuration().toMillis() / 1000.0);
    // the window, its unmeasured tail and up to the 30 s wait for the last deliveries (later ones in the last second)
    Timeline timeline = new Timeline(clock.toMicros(startNanos), measuredSeconds + 35);
    long startWall = System.currentTimeMillis() + (startNanos - System.nanoTime()) / 1_000_000;
    Map<String, Long> tcpBefore = TcpCounters.read();
    long cpuFromNanos = System.nanoTime(); // the CPU figures cover the warm-up load, the window and its tail
    CpuTime serverCpu = CpuTime.of(server.process().pid());
    CpuTime benchCpu = CpuTime.of(ProcessHandle.current().pid());
    window.set(new DeliveryCounter.Window(latency, delivered, clock.toMicros(startNanos),
        clock.toMicros(startNanos + total * intervalNanos), misordered, timeline));
    for (long i = 0; i < warm + total + extra; i++) {
      long due = startNanos + (i - warm) * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      producer.send(new ProducerRecord<>(topics.updates().name(), BenchUpdates.channel(i),
          BenchUpdates.update(i, clock.toMicros(due))));
    }
    producer.flush();
    double sendSeconds = (System.nanoTime() - startNanos) / 1e9;
    long expected = (total + extra) * subscribers;
    await(() -> delivered.sum() >= expected, 30_000, null);
    double deliverSeconds = (System.nanoTime() - startNanos) / 1e9;
    window.set(null);
    Latency.Summary s = latency.summary();
    // a pause that ended inside the window, or up to a latency before its start, held up some measured update
    long endWall = System.currentTimeMillis();
    long fromWall = startWall - 1_000;
    GcLog.Pause serverPause = server.gcLog() == null ? null : GcLog.longest(server.gcLog(), fromWall, endWall);
    GcLog.Pause benchPause = GcLog.longest(benchGcLog(config), fromWall, endWall);
    CpuTime serverCpuAfter = CpuTime.of(server.process().pid());
    // the CPU span also carried the warm-up's updates, delivered before the window's (each channel is in order)
    double cpuUsPerDelivery = serverCpu.onCpuNanos() < 0 || serverCpuAfter.onCpuNanos() < 0 ? Double.NaN
        : (serverCpuAfter.onCpuNanos() - serverCpu.onCpuNanos()) / 1e3 / (warm * subscribers + delivered.sum());
    log.info("fan-out: {} {} x{} at {}/s: {} of {} delivered ({} misordered), p99 {} ms, max {} ms; longest pause:"
        + " server JVM {}, bench JVM {}; {}; TCP {}; in {} s: server process {}, bench JVM {}; load average {}",
        name, transport, subscribers, rate, delivered.sum(), expected, misordered.sum(), s.p99Ms(), s.maxMs(),
        serverPause == null ? "n/a" : serverPause, benchPause, timeline.summary(measuredSeconds + 2),
        TcpCounters.delta(tcpBefore, TcpCounters.read()),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - cpuFromNanos) / 1e9),
        serverCpuAfter.since(serverCpu),
        CpuTime.of(ProcessHandle.current().pid()).since(benchCpu),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    writeTimeline(name + "-" + transport.toLowerCase(Locale.ROOT) + "-" + subscribers + "-" + rate, timeline);
    return new Result(name, transport, subscribers, rate, subscribers * ((total + extra) / sendSeconds),
        delivered.sum() / deliverSeconds, s, rssPerConn, heapPerConn, misordered.sum(), serverPause, benchPause,
        cpuUsPerDelivery);
  }

  private void writeTimeline(String label, Timeline timeline) {
    Path file = config.outputDir().resolve("fanout").resolve("timeline-" + label + ".csv");
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, timeline.csv());
    } catch (java.io.IOException e) {
      log.warn("fan-out: cannot write {}: {}", file, e.toString());
    }
  }

  private void figures(BenchReport report, BaselineBench.Result baseline, List<Result> results) {
    for (Result r : results) {
      String tag = r.server() + ", " + r.subscribers() + " " + r.transport() + " subs, " + r.rate() + "/s";
      report.add(Figure.vs(SECTION, "delivered/s, " + tag, r.delivered(), "events/s", "offered (subs x rate)",
          r.offered(), r.latency().count() + " latencies measured, " + r.misordered()
              + " duplicate or out of order"));
      report.add(Figure.vs(SECTION, "latency p50 (scheduled send -> receipt), " + tag, r.latency().p50Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P50, baseline == null ? Double.NaN
              : baseline.endToEnd().p50Ms(), "open model"));
      report.add(Figure.vs(SECTION, "latency p99 (scheduled send -> receipt), " + tag, r.latency().p99Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : baseline.endToEnd().p99Ms(), "max " + r.latency().maxMs() + " ms"));
      report.add(Figure.baseline(SECTION, "latency p99.9, " + tag, r.latency().p999Ms(), "ms", ""));
      if (r.serverPause() != null) {
        report.add(Figure.baseline(SECTION, "longest pause of the server's JVM, " + tag, r.serverPause().millis(),
            "ms", "safepoint total, GC log: " + r.serverPause().operation()));
      }
      report.add(Figure.baseline(SECTION, "server CPU per delivery, " + tag, r.cpuUsPerDelivery(), "us",
          "on-CPU time of the server's process over warm-up + window / updates delivered; less sensitive than"
              + " delivered/s to what else runs on the machine"));
      report.add(Figure.baseline(SECTION, "longest pause of the bench JVM, " + tag, r.benchPause().millis(), "ms",
          "broker + load client; safepoint total, GC log: " + r.benchPause().operation()));
    }
    Map<String, Result> memory = new LinkedHashMap<>(); // one per server, transport and subscriber count
    for (Result r : results) {
      memory.putIfAbsent(r.server() + " " + r.transport() + " " + r.subscribers(), r);
    }
    for (Result r : memory.values()) {
      String tag = r.server() + ", " + r.subscribers() + " " + r.transport() + " subs";
      report.add(Figure.baseline(SECTION, "RSS per idle connection, " + tag, r.rssPerConnKiB(), "KiB",
          "resident set of the server's process tree after connecting, minus before (after a warm-up), / subscribers"));
      if (Double.isFinite(r.heapPerConnKiB())) {
        report.add(Figure.baseline(SECTION, "heap per idle connection, " + tag, r.heapPerConnKiB(), "KiB",
            "heap after GC (jcmd), after connecting minus before, / subscribers"));
      }
    }
    for (Result g : results) {
      if (!g.server().equals("gateway")) {
        continue;
      }
      String tag = g.subscribers() + " " + g.transport() + " subs, " + g.rate() + "/s";
      Result best = null;
      for (Result p : results) {
        if (!p.server().equals("gateway") && p.transport().equals(g.transport())
            && p.subscribers() == g.subscribers() && p.rate() == g.rate()
            && (best == null || p.delivered() > best.delivered())) {
          best = p;
        }
      }
      if (best != null) {
        report.add(Figure.vs(SECTION, "gateway CPU per delivery vs best peer, " + tag, g.cpuUsPerDelivery(), "us",
            "CPU per delivery of " + best.server(), best.cpuUsPerDelivery(), "below 1: the gateway spends less"));
        report.add(Figure.vs(SECTION, "gateway delivered/s vs best peer, " + tag, g.delivered(), "events/s",
            "best peer delivered/s (" + best.server() + ")", best.delivered(), "goal: ratio >= 1.0"));
        Result bestMem = best;
        for (Result p : memory.values()) {
          if (!p.server().equals("gateway") && p.transport().equals(g.transport())
              && p.subscribers() == g.subscribers() && p.rssPerConnKiB() < bestMem.rssPerConnKiB()) {
            bestMem = p;
          }
        }
        if (g.rate() == config.gatewayRates().getFirst()) {
          report.add(Figure.vs(SECTION, "gateway RSS per idle connection vs best peer, " + g.subscribers() + " "
              + g.transport() + " subs", g.rssPerConnKiB(), "KiB", "best peer RSS/conn (" + bestMem.server() + ")",
              bestMem.rssPerConnKiB(), "goal: ratio <= 1.0"));
        }
      }
      if (g.subscribers() >= 10_000) {
        report.add(Figure.vs(SECTION, "gateway p99 vs goal, " + tag, g.latency().p99Ms(), "ms", "goal 250 ms",
            P99_GOAL_MS, "goal: ratio <= 1.0"));
      }
    }
  }

  private void charts(BenchReport report, List<Result> results) {
    List<SvgChart.Series> series = new ArrayList<>();
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (Result r : results) {
      series.add(new SvgChart.Series(r.server() + " " + r.subscribers() + " " + r.transport() + " " + r.rate()
          + "/s", r.latency().points()));
      if (r.rate() == config.gatewayRates().getFirst()) {
        bars.add(new SvgChart.Bar(r.server() + " " + r.subscribers() + " " + r.transport(), r.rssPerConnKiB()));
      }
    }
    report.chart("fanout-latency.svg", SvgChart.percentiles("fan-out: scheduled send -> subscriber latency",
        series));
    report.chart("fanout-memory.svg", SvgChart.bars("fan-out: RSS per idle connection (KiB)", bars, 0));
  }

  /** Polls {@code condition} until true or {@code ms} pass; throws with {@code what} when it must hold. */
  private static void await(BooleanSupplier condition, long ms, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        if (what != null) {
          throw new IllegalStateException("timed out waiting for " + what);
        }
        return;
      }
      Thread.sleep(50);
    }
  }
}
