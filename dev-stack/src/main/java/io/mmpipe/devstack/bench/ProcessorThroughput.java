package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.streams.ProcessorTopology;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.schemas.Topic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor section's throughput part (issue 12, goal 1 and the KAFKA-18202 lead): one raw topic written once,
 * read by ConsumerPerformance, by the processor at its default and with other settings, and by the reference Kafka
 * Streams application ({@link ReferenceApp}); every figure a ratio within this run.
 */
final class ProcessorThroughput {

  private static final String SECTION = ProcessorBench.SECTION;
  private static final Logger log = LoggerFactory.getLogger(ProcessorThroughput.class);

  private final ProcessorBench bench;
  private final EmbeddedKafka kafka;
  private final BaselineBench tools;
  private final BenchConfig config;
  private final String runId;
  private final List<Path> tempDirs = new java.util.ArrayList<>();
  private final RefusalCounter refusals;

  ProcessorThroughput(ProcessorBench bench, EmbeddedKafka kafka, BaselineBench tools, BenchConfig config,
      RefusalCounter refusals, String runId) {
    this.bench = bench;
    this.kafka = kafka;
    this.tools = tools;
    this.config = config;
    this.refusals = refusals;
    this.runId = runId;
  }

  /** One throughput run's outcome: records/s from the first to the last output append, and what it cost. */
  record Run(String name, double recordsPerSec, double cpuMicrosPerRecord, long brokerRefusals,
      long producerRetries) {}

  /**
   * Every throughput figure from ONE raw topic written once (the same records for every reader): ConsumerPerformance,
   * the processor (exactly-once at the default commit interval, then at-least-once, then with the other producer
   * in-flight setting, then at the longest commit interval) and the minimal reference Kafka Streams application.
   * The processor and the reference alternate in a second round in full mode, so load drift on this shared machine
   * hits both alike.
   */
  void run(BenchReport report) throws Exception {
    List<Duration> intervals = config.commitIntervals();
    Duration commit = intervals.getFirst();
    Duration longest = intervals.stream().max(Duration::compareTo).orElseThrow();
    Topics topics = BenchTopics.create(kafka.admin(), "bench-proc-tp-" + runId + "-", config.partitions());
    String refOut = topics.prefix() + "reference.out";
    BenchTopics.createAppendTime(kafka.admin(), refOut, config.partitions());
    produceRaw(topics, config.processorRecords(), runId + "t");
    warmUp(commit);
    ToolOutput.ConsumerResult consumer = tools.consumerPerformance("consumer-performance-raw",
        topics.rawEvents().name(), config.processorRecords());
    double cp = consumer.fetchRecordsPerSec();
    report.add(Figure.baseline(SECTION, BaselineBench.CONSUMER + " on the raw topic", cp, "records/s",
        config.processorRecords() + " raw events (half duplicates), fetch rate"));

    OutputWindow procOut = new OutputWindow();
    OutputWindow refWindow = new OutputWindow();
    AtomicLong updatesSeen = new AtomicLong();
    String inflightVariant = ProcessorConfig.PRODUCER_MAX_IN_FLIGHT == 1 ? "5" : "1";
    try (TopicReader<String, ResourceUpdate> updates = TopicReader.forEach(kafka.bootstrapServers(), topics.updates(),
             (r, n) -> {
               procOut.record(r.timestamp());
               updatesSeen.incrementAndGet();
             });
         TopicReader<String, RawEvent> refTap = TopicReader.forEach(kafka.bootstrapServers(),
             new Topic<>(refOut, topics.rawEvents().keySerde(), topics.rawEvents().valueSerde(), Map.of()),
             (r, n) -> refWindow.record(r.timestamp()))) {
      // The default, the other in-flight setting and the reference app alternate (A, B, R, A, B, R), and each figure
      // is the better of its two runs: on this shared machine a run's neighbours (other builds, the JIT still compiling) move a single
      // run by 2-4x, and alternating puts that noise on both sides of the comparison.
      int rounds = 2;
      List<Run> eos = new java.util.ArrayList<>();
      List<Run> inflights = new java.util.ArrayList<>();
      List<Run> ref = new java.util.ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        final int round = i;
        eos.add(runApp("processor exactly_once_v2, commit " + commit.toMillis() + " ms", procOut,
            () -> startProcessor(topics, appId("eos", round), commit, Map.of(), null), appId("eos", round),
            topics.rawEvents().name(), config.processorRecords()));
        inflights.add(runApp("processor exactly_once_v2, producer max.in.flight " + inflightVariant, procOut,
            () -> startProcessor(topics, appId("mif" + inflightVariant, round), commit,
                Map.of("KAFKA_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", inflightVariant), null),
            appId("mif" + inflightVariant, round), topics.rawEvents().name(), config.processorRecords()));
        ref.add(runApp("reference app exactly_once_v2, commit " + commit.toMillis() + " ms", refWindow,
            () -> ReferenceApp.start(kafka.clientProperties(), appId("ref", round), tempDir(), topics.rawEvents(),
                refOut, commit, ProcessorConfig.DEFAULT_DEDUPE_RETENTION, 1), appId("ref", round),
            topics.rawEvents().name(), config.processorRecords()));
      }
      long updatesOut = updatesSeen.get() / (2L * rounds);
      Run alos = runApp("processor at_least_once, commit " + commit.toMillis() + " ms", procOut,
          () -> startProcessor(topics, appId("alos", 0), commit, Map.of(), StreamsConfig.AT_LEAST_ONCE),
          appId("alos", 0), topics.rawEvents().name(), config.processorRecords());
      Run inflight = best(inflights);
      boolean quick = config.mode().equals("quick"); // quick: the default, max.in.flight, reference, at-least-once
      Run tv1 = quick ? null : withTransactionVersion1(() -> runApp("processor exactly_once_v2, transaction.version 1", procOut,
          () -> startProcessor(topics, appId("tv1", 0), commit, Map.of(), null), appId("tv1", 0),
          topics.rawEvents().name(), config.processorRecords()));
      Run twoThreads = !config.mode().equals("full") ? null : runApp("processor exactly_once_v2, 2 stream threads",
          procOut, () -> startProcessor(topics, appId("t2", 0), commit, Map.of("PROCESSOR_THREADS", "2"), null),
          appId("t2", 0), topics.rawEvents().name(), config.processorRecords());
      Run slow = quick || longest.equals(commit) ? null : runApp("processor exactly_once_v2, commit " + longest.toMillis()
          + " ms", procOut, () -> startProcessor(topics, appId("eos-long", 0), longest, Map.of(), null),
          appId("eos-long", 0), topics.rawEvents().name(), config.processorRecords());

      Run p = best(eos);
      Run r = best(ref);
      String note = config.processorRecords() + " raw events, first to last output append; "
          + "best of " + rounds + " runs alternating with max.in.flight " + inflightVariant + " and the reference; ";
      report.add(Figure.vs(SECTION, "throughput, " + p.name(), p.recordsPerSec(), "records/s",
          "ConsumerPerformance same raw topic", cp, note + cost(p)));
      report.add(Figure.vs(SECTION, "throughput, " + p.name() + " / reference", p.recordsPerSec(), "records/s",
          "reference Kafka Streams app (EOS)", r.recordsPerSec(), "same records, same run"));
      report.add(Figure.vs(SECTION, "throughput, " + r.name(), r.recordsPerSec(), "records/s",
          "ConsumerPerformance same raw topic", cp, "read, dedupe in one window store, write; " + cost(r)));
      report.add(Figure.vs(SECTION, "throughput, " + alos.name(), alos.recordsPerSec(), "records/s",
          "ConsumerPerformance same raw topic", cp, cost(alos)));
      report.add(Figure.vs(SECTION, "EOS cost: exactly_once_v2 / at_least_once", p.recordsPerSec(), "records/s",
          "processor at_least_once", alos.recordsPerSec(), "< 1: what exactly-once costs"));
      report.add(Figure.vs(SECTION, "throughput, " + inflight.name(), inflight.recordsPerSec(), "records/s",
          "processor default (max.in.flight " + ProcessorConfig.PRODUCER_MAX_IN_FLIGHT + ")", p.recordsPerSec(),
          "KAFKA-18202 lead; best of " + rounds + "; " + cost(inflight)));
      if (tv1 != null) {
        report.add(Figure.vs(SECTION, "throughput, " + tv1.name(), tv1.recordsPerSec(), "records/s",
            "processor default (transaction.version 2)", p.recordsPerSec(), "KAFKA-18202 lead; " + cost(tv1)));
      }
      if (twoThreads != null) {
        report.add(Figure.vs(SECTION, "throughput, " + twoThreads.name(), twoThreads.recordsPerSec(), "records/s",
            "processor default (1 stream thread)", p.recordsPerSec(), cost(twoThreads)));
      }
      if (slow != null) {
        report.add(Figure.vs(SECTION, "throughput, " + slow.name(), slow.recordsPerSec(), "records/s",
            "ConsumerPerformance same raw topic", cp, cost(slow)));
      }
      Map<String, long[]> refusalsByRun = new java.util.LinkedHashMap<>(); // name -> {refusals, retries, runs}
      for (Run run : allRuns(eos, inflights, ref, alos, tv1, twoThreads, slow)) {
        long[] sums = refusalsByRun.computeIfAbsent(run.name(), k -> new long[3]);
        sums[0] += run.brokerRefusals();
        sums[1] += run.producerRetries();
        sums[2]++;
      }
      refusalsByRun.forEach((name, sums) -> report.add(Figure.baseline(SECTION, "refusals, " + name, sums[0],
          "refusals", "broker OutOfOrderSequenceException (KAFKA-18202) over " + sums[2] + " run(s) of "
              + config.processorRecords() + " records; producer retry warnings " + sums[1])));
      report.add(Figure.vs(SECTION, "updates written", updatesOut, "updates", "raw events",
          config.processorRecords(), "share that survives dedupe (first round)"));
    }
  }

  private interface RunBody {
    Run run() throws Exception;
  }

  /**
   * Runs {@code body} with the broker's {@code transaction.version} feature downgraded to 1 (transactions v1:
   * the producer adds partitions with AddPartitionsToTxn, no epoch bump per transaction), then restores it; null
   * when the broker refuses the downgrade (the figure is then absent, the reason logged).
   */
  private Run withTransactionVersion1(RunBody body) throws Exception {
    var admin = kafka.admin();
    short before = admin.describeFeatures().featureMetadata().get().finalizedFeatures()
        .getOrDefault("transaction.version", new org.apache.kafka.clients.admin.FinalizedVersionRange((short) 0,
            (short) 0)).maxVersionLevel();
    if (before < 2) {
      log.info("transaction.version is {} already: no v1 comparison", before);
      return null;
    }
    try {
      admin.updateFeatures(Map.of("transaction.version", new org.apache.kafka.clients.admin.FeatureUpdate((short) 1,
          org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
          new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("the broker refused transaction.version 1 ({}): no v1 comparison", e.getCause().toString());
      return null;
    }
    Thread.sleep(1000); // the finalized feature reaches the broker's metadata cache, then new producers' ApiVersions
    try {
      return body.run();
    } finally {
      admin.updateFeatures(Map.of("transaction.version", new org.apache.kafka.clients.admin.FeatureUpdate(before,
          org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.UPGRADE)),
          new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get();
      Thread.sleep(1000);
    }
  }

  /** Writes {@code count} raw events of the bench mix to the raw topic; fails if any could not be written. */
  private void produceRaw(Topics topics, int count, String mixId) {
    RawEventMix mix = new RawEventMix(20, mixId);
    AtomicLong failed = new AtomicLong();
    try (KafkaProducer<String, RawEvent> producer = bench.producer(topics)) {
      for (int i = 0; i < count; i++) {
        RawEventMix.Keyed k = mix.next(System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), k.key(), k.value()), (md, e) -> {
          if (e != null) {
            failed.incrementAndGet();
          }
        });
      }
      producer.flush();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " raw events could not be written; the run would be wrong");
    }
  }

  /**
   * The processor and the reference app once each over a topic as big as the measured one, unmeasured: the JIT compiles Avro, Streams,
   * RocksDB's JNI paths and our code here, so the first measured run does not pay for it (it did: 0.2x the same
   * run later in the same JVM).
   */
  private void warmUp(Duration commit) throws Exception {
    Topics warm = BenchTopics.create(kafka.admin(), "bench-proc-warm-" + runId + "-", config.partitions());
    String refOut = warm.prefix() + "reference.out";
    BenchTopics.createAppendTime(kafka.admin(), refOut, config.partitions());
    // As many records as a measured run: over a quarter, the first measured processor run still came out 0.6x the
    // second on an idle machine (the JIT was still compiling the processor's paths).
    int n = Math.max(2_000, config.processorRecords());
    produceRaw(warm, n, runId + "w");
    OutputWindow ignored = new OutputWindow();
    runApp("warm-up: processor", ignored, () -> startProcessor(warm, appId("warm", 0), commit, Map.of(), null),
        appId("warm", 0), warm.rawEvents().name(), n);
    runApp("warm-up: reference app", ignored, () -> ReferenceApp.start(kafka.clientProperties(),
        appId("warm-ref", 0), tempDir(), warm.rawEvents(), refOut, commit, ProcessorConfig.DEFAULT_DEDUPE_RETENTION,
        1), appId("warm-ref", 0), warm.rawEvents().name(), n);
  }

  private static List<Run> allRuns(List<Run> eos, List<Run> inflights, List<Run> ref, Run... others) {
    List<Run> all = new java.util.ArrayList<>(eos);
    all.addAll(inflights);
    all.addAll(ref);
    for (Run o : others) {
      if (o != null) {
        all.add(o);
      }
    }
    return all;
  }

  private static Run best(List<Run> runs) {
    return runs.stream().max(Comparator.comparingDouble(Run::recordsPerSec)).orElseThrow();
  }

  private static String cost(Run r) {
    return String.format(java.util.Locale.ROOT, "%.1f us CPU/record (whole JVM, broker included), %d refusals",
        r.cpuMicrosPerRecord(), r.brokerRefusals());
  }

  private String appId(String what, int round) {
    return "bench-tp-" + what + "-" + round + "-" + runId;
  }

  private interface Starter {
    AutoCloseable start() throws Exception;
  }

  /** Runs one application over the whole raw topic; the output window counts only appends from this run on. */
  private Run runApp(String name, OutputWindow out, Starter starter, String groupId, String rawTopic, int records)
      throws Exception {
    long brokerBefore = refusals == null ? 0 : refusals.broker();
    long clientBefore = refusals == null ? 0 : refusals.client();
    long cpuBefore = processCpuNanos();
    out.reset(System.currentTimeMillis());
    log.info("throughput run: {}", name);
    try (AutoCloseable app = starter.start()) {
      bench.awaitConsumed(groupId, rawTopic, Duration.ofMinutes(4));
      Thread.sleep(500); // the tap reads the last committed transaction
      long cpu = processCpuNanos() - cpuBefore;
      // a warm-up's window sees no output (nothing taps it): its rate is then meaningless and reported as 0
      double seconds = out.first() == Long.MAX_VALUE ? Double.POSITIVE_INFINITY
          : Math.max(1, out.last() - out.first()) / 1000.0;
      Run run = new Run(name, records / seconds, cpu / 1000.0 / records,
          refusals == null ? -1 : refusals.broker() - brokerBefore,
          refusals == null ? -1 : refusals.client() - clientBefore);
      log.info("{}: {} records/s, {} us CPU/record, {} refusals", name, Math.round(run.recordsPerSec()),
          Math.round(run.cpuMicrosPerRecord()), run.brokerRefusals());
      return run;
    }
  }

  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  /** First and last append time seen at or after a start time (a run's output, on a topic earlier runs wrote). */
  private static final class OutputWindow {
    private volatile long from;
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong();

    void reset(long fromMs) {
      from = fromMs;
      first.set(Long.MAX_VALUE);
      last.set(0);
    }

    void record(long ts) {
      if (ts >= from) {
        first.accumulateAndGet(ts, Math::min);
        last.accumulateAndGet(ts, Math::max);
      }
    }

    long first() {
      return first.get();
    }

    long last() {
      return last.get();
    }
  }

  /** The processor as deployed (ProcessorMain), or, for another processing guarantee, its topology run directly. */
  private AutoCloseable startProcessor(Topics topics, String appId, Duration commit, Map<String, String> extraEnv,
      String guarantee) throws Exception {
    Path state = tempDir();
    Map<String, String> env = bench.env(topics, appId, state, commit);
    env.putAll(extraEnv);
    ProcessorConfig pc = ProcessorConfig.fromEnv(env);
    if (guarantee == null) {
      return ProcessorMain.start(pc);
    }
    ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    java.util.Properties props = pc.streamsProperties();
    props.put(ProcessorConfig.METRICS_KEY, metrics);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    KafkaStreams streams = new KafkaStreams(ProcessorTopology.build(ProcessorTopology.strictBuilder(pc), pc,
        topics, metrics), props);
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    streams.setStateListener((next, prev) -> {
      if (next == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
    if (!running.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
      streams.close(Duration.ofSeconds(30));
      throw new IllegalStateException("the processor (" + guarantee + ") did not reach RUNNING");
    }
    return () -> streams.close(Duration.ofSeconds(60));
  }

  private Path tempDir() throws IOException {
    Path dir = Files.createTempDirectory("mmpipe-bench-streams-");
    tempDirs.add(dir);
    return dir;
  }

  /** Removes the state directories this section created. */
  void cleanUp() {
    tempDirs.forEach(ProcessorBench::deleteQuietly);
    tempDirs.clear();
  }
}
