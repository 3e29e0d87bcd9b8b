package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * Section 3: the stream processor. Throughput: N pre-produced raw events (half duplicates) consumed to output,
 * against ConsumerPerformance reading the same raw topic. Latency: raw events at a fixed rate (open model), update
 * append time minus raw append time, for the default commit interval and the alternatives.
 */
final class ProcessorBench {

  static final String SECTION = "processor";
  private static final Logger log = LoggerFactory.getLogger(ProcessorBench.class);

  private final EmbeddedKafka kafka;
  private final BaselineBench tools;
  private final BenchConfig config;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  ProcessorBench(EmbeddedKafka kafka, BaselineBench tools, BenchConfig config) {
    this.kafka = kafka;
    this.tools = tools;
    this.config = config;
  }

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    throughput(report);
    for (Duration commit : config.commitIntervals()) {
      latency(report, baseline, commit, commit.equals(config.commitIntervals().getFirst()));
    }
  }

  private void throughput(BenchReport report) throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-proc-tp-", config.partitions());
    RawEventMix mix = new RawEventMix(20, runId + "t");
    try (KafkaProducer<String, RawEvent> producer = producer(topics)) {
      for (int i = 0; i < config.processorRecords(); i++) {
        RawEventMix.Keyed k = mix.next(System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), k.key(), k.value()));
      }
      producer.flush();
    }
    ToolOutput.ConsumerResult consumer = tools.consumerPerformance("consumer-performance-raw",
        topics.rawEvents().name(), config.processorRecords());

    AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    AtomicLong last = new AtomicLong();
    String appId = "bench-processor-tp-" + runId;
    Path state = Files.createTempDirectory("mmpipe-bench-streams-");
    try (RawTap<String, ResourceUpdate> updates = new RawTap<>(kafka.bootstrapServers(), topics.updates(),
             (r, n) -> {
               first.accumulateAndGet(r.timestamp(), Math::min);
               last.accumulateAndGet(r.timestamp(), Math::max);
             });
         ProcessorMain processor = ProcessorMain.start(ProcessorConfig.fromEnv(env(topics, appId, state, null)))) {
      awaitConsumed(appId, topics.rawEvents().name(), Duration.ofMinutes(4));
      Thread.sleep(500); // the tap reads the last committed transaction
      double seconds = Math.max(1, last.get() - first.get()) / 1000.0;
      double perSec = config.processorRecords() / seconds;
      report.add(Figure.vs(SECTION, "throughput (raw in, deduped out)", perSec, "records/s",
          "ConsumerPerformance same raw topic", consumer.fetchRecordsPerSec(),
          config.processorRecords() + " raw events, half duplicates, commit " + ProcessorConfig
              .DEFAULT_COMMIT_INTERVAL.toMillis() + " ms; first to last output append"));
      report.add(Figure.vs(SECTION, "updates written", updates.count(), "updates", "raw events",
          config.processorRecords(), "share that survives dedupe"));
    } finally {
      deleteQuietly(state);
    }
  }

  private void latency(BenchReport report, BaselineBench.Result baseline, Duration commit, boolean isDefault)
      throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-proc-lat-" + commit.toMillis() + "-",
        config.partitions());
    // event ids of post changes are derivable from the raw record: that pairs each update with its raw append.
    Map<String, Long> rawAppend = new ConcurrentHashMap<>();
    Latency added = new Latency();
    Latency fromSchedule = new Latency();
    Map<String, Long> updateAppend = new ConcurrentHashMap<>();
    String appId = "bench-processor-lat-" + commit.toMillis() + "-" + runId;
    Path state = Files.createTempDirectory("mmpipe-bench-streams-");
    RawEventMix mix = new RawEventMix(20, runId + commit.toMillis());
    long total = Math.round(config.latencyRate() * config.latencyDuration().toMillis() / 1000.0);
    try (RawTap<String, RawEvent> raw = new RawTap<>(kafka.bootstrapServers(), topics.rawEvents(), (r, n) -> {
           String id = r.value().getSource() == Source.WEBSOCKET ? eventId(r.value()) : null;
           if (id != null) {
             rawAppend.putIfAbsent(id, r.timestamp());
           }
         });
         RawTap<String, ResourceUpdate> updates = new RawTap<>(kafka.bootstrapServers(), topics.updates(),
             (r, n) -> {
               updateAppend.putIfAbsent(r.value().getEventId(), r.timestamp());
               fromSchedule.recordMillis(r.timestamp() - r.value().getObservedAt());
             });
         ProcessorMain processor = ProcessorMain.start(ProcessorConfig.fromEnv(env(topics, appId, state, commit)));
         KafkaProducer<String, RawEvent> producer = producer(topics)) {
      long startNanos = System.nanoTime();
      long startMs = System.currentTimeMillis();
      long intervalNanos = Math.round(1e9 / config.latencyRate());
      for (long i = 0; i < total; i++) {
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
      updateAppend.forEach((id, at) -> {
        Long in = rawAppend.get(id);
        if (in != null) {
          added.recordMillis(at - in);
        }
      });
      Latency.Summary s = added.summary();
      Latency.Summary e = fromSchedule.summary();
      String label = "commit " + commit.toMillis() + " ms" + (isDefault ? " (default)" : "");
      String note = s.count() + " post updates, " + config.latencyRate() + " raw/s";
      report.add(Figure.vs(SECTION, "added latency p50, " + label, s.p50Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P50, baseline == null ? Double.NaN
              : baseline.endToEnd().p50Ms(), note + "; update append - raw append"));
      report.add(Figure.vs(SECTION, "added latency p99, " + label, s.p99Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : baseline.endToEnd().p99Ms(), ""));
      report.add(Figure.vs(SECTION, "scheduled send -> update p99, " + label, e.p99Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : baseline.endToEnd().p99Ms(), "p50 " + e.p50Ms() + " ms; open model incl. produce"));
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

  private Map<String, String> env(Topics topics, String appId, Path state, Duration commit) {
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

  private KafkaProducer<String, RawEvent> producer(Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("acks", "all");
    props.put("linger.ms", "5");
    props.put("batch.size", String.valueOf(64 * 1024));
    return new KafkaProducer<>(props, topics.rawEvents().keySerde().serializer(),
        topics.rawEvents().valueSerde().serializer());
  }

  /** Waits until the application's committed offsets reach the end of the raw topic. */
  private void awaitConsumed(String groupId, String topic, Duration timeout) throws Exception {
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

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
