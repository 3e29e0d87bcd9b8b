package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.LoadGenerator;
import io.mmpipe.sim.control.ControlClient;
import io.mmpipe.sim.load.LoadStamp;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section "e2e" (issue 12, goal 2): end-to-end latency of the whole pipeline, a post made in the simulator to the
 * SSE client receiving its update, on an open model. The simulator runs in a JVM of its own ({@link SimServer}) and
 * makes root posts on a fixed schedule ({@code /_sim/load?mode=posts}), each stamped with its slot and the slot's
 * due time ({@link LoadStamp}); the latency is receipt time minus due time, so a stall anywhere (the generator
 * included) shows as latency. In the bench's JVM, the generator shared two cores, a heap and GC pauses with the
 * broker, ingestor, processor and gateway it measured, and fell more than 100 ms behind for some posts. For each
 * commit interval: a fresh ingestor, processor and gateway on fresh topics, one simulator for all, after one
 * unmeasured pass. The first fifth of each run is warm-up, unmeasured. Goal: p99 &le; commit interval + 2 &times;
 * EndToEndLatency p99 (two Kafka hops: raw, then updates).
 */
final class E2eBench {

  static final String SECTION = "e2e";
  /** Channels the posts spread over (each with every simulated user, as the load's channels are). */
  static final int CHANNELS = 20;
  private static final Logger log = LoggerFactory.getLogger(E2eBench.class);

  private final EmbeddedKafka kafka;
  private final BenchConfig config;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private int passes;

  E2eBench(EmbeddedKafka kafka, BenchConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    List<SvgChart.Series> series = new ArrayList<>();
    try (SimServer sim = SimServer.start(config.outputDir(), SECTION, config.jfr())) {
      // the channels before any ingestor: their creation is a burst of events for the bot
      int channels = sim.control().ensureLoadChannels(CHANNELS).size();
      // One unmeasured pass first: whichever interval ran first was measured on a cold JIT (simulator, ingestor,
      // gateway) and came out 3-7x slower than the same interval would later.
      runOnce(sim, channels, config.commitIntervals().getFirst());
      for (Duration commit : config.commitIntervals()) {
        Outcome o = runOnce(sim, channels, commit);
        Histogram h = o.latency();
        boolean isDefault = commit.equals(ProcessorConfig.DEFAULT_COMMIT_INTERVAL);
        String label = "commit " + commit.toMillis() + " ms" + (isDefault ? " (default)" : "");
        double p50 = h.getValueAtPercentile(50) / 1000.0;
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        double p999 = h.getValueAtPercentile(99.9) / 1000.0;
        double goal = baseline == null ? Double.NaN : commit.toMillis() + 2 * baseline.endToEnd().p99Ms();
        String note = h.getTotalCount() + " posts measured at " + Math.round(config.e2eRate()) + "/s offered by the "
            + "simulator's JVM; " + o.late() + " made > 100 ms after their slot, at worst " + o.maxBehindMs()
            + " ms (the generator's lateness: counted as latency); " + o.missing() + " never received";
        report.add(Figure.baseline(SECTION, "post -> SSE p50, " + label, p50, "ms", note));
        report.add(Figure.vs(SECTION, "post -> SSE p99, " + label, p99, "ms",
            baseline == null ? null : "commit + 2 x EndToEndLatency p99", goal, "goal: ratio <= 1"));
        report.add(Figure.baseline(SECTION, "post -> SSE p99.9, " + label, p999, "ms",
            "max " + h.getMaxValue() / 1000.0 + " ms"));
        for (E2eStages.Hop hop : o.hops()) {
          Histogram hh = hop.latency();
          report.add(Figure.baseline(SECTION, "hop p99, " + label + ": " + hop.name(),
              hh.getValueAtPercentile(99) / 1000.0, "ms", "p50 " + hh.getValueAtPercentile(50) / 1000.0 + " ms, max "
                  + hh.getMaxValue() / 1000.0 + " ms, " + hh.getTotalCount() + " posts seen at both ends"));
        }
        series.add(new SvgChart.Series(label, SvgChart.percentilePoints(h)));
      }
    }
    report.chart("e2e-latency.svg", SvgChart.percentiles("post -> SSE client latency by commit interval ("
        + Math.round(config.e2eRate()) + " posts/s, open model)", series));
  }

  /**
   * One run's latency histogram (microseconds); how many measured posts the generator made more than 100 ms after
   * their slot, how far behind it fell at worst, and how many posts never reached the SSE client.
   */
  record Outcome(Histogram latency, long late, double maxBehindMs, long missing, List<E2eStages.Hop> hops) {}

  private Outcome runOnce(SimServer sim, int channels, Duration commit) throws Exception {
    String tag = commit.toMillis() + "-" + runId + "-" + passes++; // the warm-up pass runs an interval twice
    Topics topics = BenchTopics.create(kafka.admin(), "bench-e2e-" + tag + "-", config.partitions());
    Path state = Files.createTempDirectory("mmpipe-bench-e2e-");
    BenchClock clock = new BenchClock();
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("MMPIPE_TOPIC_PREFIX", topics.prefix());
    env.put("MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()));
    Map<String, String> ingestEnv = new HashMap<>(env);
    ingestEnv.put("MATTERMOST_URL", sim.baseUrl().toString());
    ingestEnv.put("MATTERMOST_TOKEN", sim.botToken());
    Map<String, String> procEnv = new HashMap<>(env);
    procEnv.put("PROCESSOR_APPLICATION_ID", "bench-e2e-" + tag);
    procEnv.put("PROCESSOR_STATE_DIR", state.toString());
    procEnv.put("PROCESSOR_COMMIT_INTERVAL", commit.toMillis() + "ms");
    Map<String, String> gwEnv = new HashMap<>(env);
    gwEnv.put("GATEWAY_PORT", "0");
    // A commit releases a whole interval's updates at once; the one subscriber must not be cut off for being behind
    // (SSE_BUFFER's overflow), which is the gateway's policy, not the latency measured here.
    gwEnv.put("SSE_BUFFER", "20000");
    gwEnv.put("SSE_RING", "40000");
    int total = (int) Math.round(config.e2eRate() * config.e2eDuration().toMillis() / 1000.0);
    int warmup = (int) Math.max(Math.round(config.e2eRate()), total / 5);
    long intervalNanos = (long) (1e9 / config.e2eRate()); // as the generator paces its slots
    ControlClient control = sim.control();
    // the run the SSE client's stamps go to: first the connection check's, then the measured load's
    AtomicReference<E2eStages> current = new AtomicReference<>(E2eStages.of(clock.nowMicros(), 1_000));
    // taps on the raw and update topics (read_committed), for where the time goes; they are two more consumers in
    // this JVM, a few thousand small records a second
    try (TopicReader<String, RawEvent> rawTap = TopicReader.forEach(kafka.bootstrapServers(), topics.rawEvents(),
             (r, n) -> E2eStages.stamp(r.value()).ifPresent(s -> current.get().raw().record(s, r.timestamp() * 1000)));
         TopicReader<String, ResourceUpdate> updateTap = TopicReader.forEach(kafka.bootstrapServers(),
             topics.updates(), (r, n) -> E2eStages.stamp(r.value()).ifPresent(s -> {
               E2eStages st = current.get();
               st.appended().record(s, r.timestamp() * 1000);
               st.visible().record(s, clock.toMicros(n));
             }));
         ProcessorMain processor = ProcessorMain.start(ProcessorConfig.fromEnv(procEnv));
         GatewayMain gateway = GatewayMain.start(GatewayConfig.fromEnv(gwEnv));
         IngestorMain ingestor = IngestorMain.start(IngestorConfig.fromEnv(ingestEnv));
         SseClient sse = SseClient.connect(URI.create("http://127.0.0.1:" + gateway.port() + "/events"), Map.of(),
             e -> {
               if ("overflow".equals(e.event())) {
                 log.warn("e2e: the SSE client was cut off (overflow)");
               }
               if (e.data() != null) {
                 long now = clock.nowMicros();
                 LoadStamp.find(e.data()).ifPresent(s -> current.get().sse().record(s, now));
               }
             })) {
      awaitFirst(control, channels, current.get().sse());
      E2eStages stages = E2eStages.of(clock.nowMicros(), warmup + total);
      current.set(stages);
      SlotReceipts slots = stages.sse();
      log.info("e2e commit {} ms: {} posts at {}/s", commit.toMillis(), warmup + total, config.e2eRate());
      long madeBefore = control.stats().loadChanges();
      control.startLoad(config.e2eRate(), channels, LoadGenerator.Mode.POSTS);
      double maxBehindMs;
      try {
        Thread.sleep(Math.round((warmup + total) * intervalNanos / 1e6));
        // open model: every slot is made, however late; wait (bounded) for the generator to make the last one
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (control.stats().loadChanges() - madeBefore < warmup + total && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      } finally {
        control.stopLoad();
      }
      maxBehindMs = control.stats().loadMaxBehindMs();
      // bounded wait for the stragglers: at most 30 s; a post never received counts at the wait's end
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && !slots.allFrom(warmup)) {
        Thread.sleep(50);
      }
      long missing = slots.missingFrom(warmup);
      long late = slots.lateFrom(warmup, 100_000);
      Histogram h = slots.latency(warmup, clock.nowMicros(), intervalNanos);
      log.info("e2e commit {} ms: {} measured, {} missing, {} made more than 100 ms late (at worst {} ms)",
          commit.toMillis(), total, missing, late, maxBehindMs);
      for (E2eStages.Hop hop : stages.hops(warmup)) {
        log.info("e2e commit {} ms, {}: p50 {} ms, p99 {} ms, max {} ms", commit.toMillis(), hop.name(),
            hop.latency().getValueAtPercentile(50) / 1000.0, hop.latency().getValueAtPercentile(99) / 1000.0,
            hop.latency().getMaxValue() / 1000.0);
      }
      if (missing > 0) {
        log.warn("e2e: {} posts never reached the SSE client; counted at the wait's end", missing);
      }
      return new Outcome(h, late, maxBehindMs, missing, stages.hops(warmup));
    } finally {
      ProcessorBench.deleteQuietly(state);
    }
  }

  /** A slow stamped load until one of its posts arrives at the SSE client: the whole chain is connected. */
  private static void awaitFirst(ControlClient control, int channels, SlotReceipts receipts)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    control.startLoad(10, channels, LoadGenerator.Mode.POSTS);
    try {
      while (receipts.received() == 0) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("no post reached the SSE client within 90 s");
        }
        Thread.sleep(100);
      }
    } finally {
      control.stopLoad();
    }
  }
}
