package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 3: the stream processor. Throughput ({@link ProcessorThroughput}): N pre-produced raw events (half
 * duplicates) consumed to output, against ConsumerPerformance and the reference app reading the same raw topic. Latency: raw events at a fixed rate (open model), update
 * append time minus raw append time, for the default commit interval and the alternatives.
 */
final class ProcessorBench {

  static final String SECTION = "processor";
  private static final Logger log = LoggerFactory.getLogger(ProcessorBench.class);

  private final EmbeddedKafka kafka;
  private final BaselineBench tools;
  private final BenchConfig config;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final ProcessorThroughput throughput;

  ProcessorBench(EmbeddedKafka kafka, BaselineBench tools, BenchConfig config, RefusalCounter refusals) {
    this.kafka = kafka;
    this.tools = tools;
    this.config = config;
    this.throughput = new ProcessorThroughput(this, kafka, tools, config, refusals, runId);
  }

  /** Removes the state directories the throughput runs created. */
  void cleanUp() {
    throughput.cleanUp();
  }

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    throughput.run(report);
    if (config.mode().equals("quick")) {
      return; // quick: the e2e section measures the commit intervals' latency; full also measures it here
    }
    for (Duration commit : config.commitIntervals()) {
      latency(report, baseline, commit, commit.equals(config.commitIntervals().getFirst()));
    }
  }

  private void latency(BenchReport report, BaselineBench.Result baseline, Duration commit, boolean isDefault)
      throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-proc-lat-" + commit.toMillis() + "-",
        config.partitions());
    // event ids of post changes are derivable from the raw record: that pairs each update with its raw append.
    Map<String, Long> rawAppend = new ConcurrentHashMap<>();
    Map<String, long[]> updateSeen = new ConcurrentHashMap<>(); // event id -> {append ms, visible ms}
    BenchClock clock = new BenchClock();
    String appId = "bench-processor-lat-" + commit.toMillis() + "-" + runId;
    Path state = Files.createTempDirectory("mmpipe-bench-streams-");
    RawEventMix mix = new RawEventMix(20, runId + commit.toMillis());
    long total = Math.round(config.latencyRate() * config.latencyDuration().toMillis() / 1000.0);
    // The first fifth (at least a second) warms the JIT, the group and the stores; it is sent but not measured.
    long warmup = Math.max(Math.round(config.latencyRate()), total / 5);
    try (TopicReader<String, RawEvent> raw = TopicReader.forEach(kafka.bootstrapServers(), topics.rawEvents(),
        (r, n) -> {
           String id = r.value().getSource() == Source.WEBSOCKET ? eventId(r.value()) : null;
           if (id != null) {
             rawAppend.putIfAbsent(id, r.timestamp());
           }
         });
         TopicReader<String, ResourceUpdate> updates = TopicReader.forEach(kafka.bootstrapServers(), topics.updates(),
             (r, n) -> updateSeen.putIfAbsent(r.value().getEventId(),
                 new long[] {r.timestamp(), clock.toMicros(n) / 1000, r.value().getObservedAt()}));
         ProcessorMain processor = ProcessorMain.start(ProcessorConfig.fromEnv(env(topics, appId, state, commit)));
         KafkaProducer<String, RawEvent> producer = producer(topics)) {
      long startNanos = System.nanoTime();
      long startMs = clock.toMicros(startNanos) / 1000;
      long intervalNanos = Math.round(1e9 / config.latencyRate());
      long measureFromMs = startMs + warmup * intervalNanos / 1_000_000;
      for (long i = 0; i < warmup + total; i++) {
        long due = startNanos + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        // Stamped with the SCHEDULED time: a late send shows up as latency instead of hiding (open model).
        RawEventMix.Keyed k = mix.next(startMs + (due - startNanos) / 1_000_000);
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), k.key(), k.value()));
      }
      producer.flush();
      awaitConsumed(appId, topics.rawEvents().name(), Duration.ofSeconds(60));
      Thread.sleep(Math.max(1000, commit.toMillis() * 2));
      Latency added = new Latency();
      Latency visible = new Latency();
      updateSeen.forEach((id, seen) -> {
        Long in = rawAppend.get(id);
        if (in != null && seen[2] >= measureFromMs) {
          added.recordMillis(seen[0] - in);
          visible.recordMillis(seen[1] - in);
        }
      });
      Latency.Summary a = added.summary();
      Latency.Summary v = visible.summary();
      String label = "commit " + commit.toMillis() + " ms" + (isDefault ? " (default)" : "");
      String note = a.count() + " post updates measured, " + Math.round(config.latencyRate()) + " raw/s";
      boolean b = baseline != null;
      report.add(Figure.vs(SECTION, "added latency p50 (append), " + label, a.p50Ms(), "ms",
          b ? BaselineBench.E2E_P50 : null, b ? baseline.endToEnd().p50Ms() : Double.NaN,
          note + "; update append - raw append"));
      report.add(Figure.vs(SECTION, "added latency p99 (append), " + label, a.p99Ms(), "ms",
          b ? BaselineBench.E2E_P99 : null, b ? baseline.endToEnd().p99Ms() : Double.NaN, ""));
      report.add(Figure.vs(SECTION, "visible latency p50 (read_committed), " + label, v.p50Ms(), "ms",
          b ? BaselineBench.E2E_P50 : null, b ? baseline.endToEnd().p50Ms() : Double.NaN,
          "raw append to a read_committed consumer receiving the update (waits for the commit)"));
      report.add(Figure.vs(SECTION, "visible latency p99 (read_committed), " + label, v.p99Ms(), "ms",
          b ? BaselineBench.E2E_P99 : null, b ? baseline.endToEnd().p99Ms() : Double.NaN, ""));
    } finally {
      deleteQuietly(state);
    }
  }

  /** The event id the processor gives the update a WebSocket post event causes (contracts.md), else null. */
  static String eventId(RawEvent e) {
    if (!(e.getPayload() instanceof PostPayload pp)) {
      return null;
    }
    String id = pp.getPost().getId();
    return switch (e.getEventType()) {
      case "posted" -> "post_" + id;
      case "post_edited" -> "post_" + id + "_edited_" + pp.getPost().getEditAt();
      case "post_deleted" -> "post_" + id + "_deleted";
      default -> null;
    };
  }

  Map<String, String> env(Topics topics, String appId, Path state, Duration commit) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("MMPIPE_TOPIC_PREFIX", topics.prefix());
    env.put("MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()));
    env.put("PROCESSOR_APPLICATION_ID", appId);
    env.put("PROCESSOR_STATE_DIR", state.toString());
    if (commit != null) {
      env.put("PROCESSOR_COMMIT_INTERVAL", commit.toMillis() + "ms");
    }
    return env;
  }

  KafkaProducer<String, RawEvent> producer(Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("acks", "all");
    // One request in flight, no idempotence: on this loaded 2-core broker the idempotent producer was seen to reset
    // its sequence numbers under retries (OutOfOrderSequenceException for minutes); ordered retries are enough here.
    props.put("enable.idempotence", "false");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("delivery.timeout.ms", "60000");
    props.put("linger.ms", "5");
    props.put("batch.size", String.valueOf(64 * 1024));
    return new KafkaProducer<>(props, topics.rawEvents().keySerde().serializer(),
        topics.rawEvents().valueSerde().serializer());
  }

  /** Waits until the application's committed offsets reach the end of the raw topic. */
  void awaitConsumed(String groupId, String topic, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    var admin = kafka.admin();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      boolean done = ends.entrySet().stream().allMatch(en -> en.getValue() == 0
          || (committed.get(en.getKey()) != null && committed.get(en.getKey()).offset() >= en.getValue()));
      if (done) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the processor did not consume " + topic + " within " + timeout);
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
