package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.testkit.KafkaExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The processor as its own process, killed with SIGKILL in the middle of a stream (no close, no commit, an open
 * transaction left behind) and started again: a read_committed reader of mm.updates sees every update exactly once.
 *
 * <p>That alone would also hold under at-least-once, because the dedupe stage absorbs replayed input. So the test
 * proves the transaction boundary itself: the dead letters (written by no state-keeping stage, so nothing absorbs
 * their replays) reach a read_committed reader exactly once, and a read_uncommitted reader of mm.updates sees the
 * aborted copies that the killed instance had written in its open transaction and its successor wrote again.
 */
class ProcessorCrashIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final int CHANNELS = 6;
  private static final int CHANGES = 3000;

  private Process running;

  @AfterEach
  void killLeftovers() {
    if (running != null) {
      running.destroyForcibly();
    }
  }

  private Process startProcessor(Topics topics, String appId, Path stateDir, Path log) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
    env.put("MMPIPE_TOPIC_PREFIX", topics.prefix());
    env.put("PROCESSOR_APPLICATION_ID", appId);
    env.put("PROCESSOR_STATE_DIR", stateDir.toString());
    env.put("MMPIPE_TOPIC_PARTITIONS", "3");
    // The killed member leaves no goodbye: keep the wait for the group to drop it short.
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    // long transactions: the kill lands inside one with many records written and not committed
    env.put("PROCESSOR_COMMIT_INTERVAL", "2s");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        ProcessorMain.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private static RawEvent post(int i) {
    Post p = Events.post("crash" + i, Events.T0 + i).setChannelId("channel" + (i % CHANNELS)).build();
    RawEvent e = i % 2 == 0 ? Events.posted(p) : Events.polled(p, Events.T0 + i + 30_000);
    e.setChannelId("channel" + (i % CHANNELS));
    return e;
  }

  @Test
  void shouldDeliverEveryUpdateExactlyOnceWhenTheProcessorProcessIsKilledMidStream() throws Exception {
    Topics topics = KAFKA.newTopics();
    String appId = KafkaExtension.uniqueName("crash");
    Path stateDir = Files.createTempDirectory("mmpipe-crash-state-");
    Path log = Files.createTempFile(Path.of("target"), "processor-crash-", ".log");
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger badSent = new AtomicInteger();

    try (KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        KafkaProducer<String, byte[]> bad = KafkaIo.bytesProducer(KAFKA.bootstrapServers());
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics);
        TopicReader<byte[], DeadLetter> dlq = KafkaIo.dlqReader(KAFKA.bootstrapServers(), topics);
        KafkaConsumer<String, ResourceUpdate> uncommitted = readUncommitted(topics)) {
      running = startProcessor(topics, appId, stateDir, log);

      // Feed a steady stream, each change twice (WebSocket and polling copy), and kill the processor once a
      // part of it has come out, while records are still flowing.
      Thread feeder = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < CHANGES; i++) {
          RawEvent e = post(i);
          producer.send(new ProducerRecord<>(topics.rawEvents().name(), e.getChannelId().toString(), e));
          RawEvent copy = post(i);
          copy.setSource(e.getSource() == Source.WEBSOCKET
              ? Source.POLL : Source.WEBSOCKET);
          copy.setEventType(copy.getSource() == Source.POLL ? "polled_post" : "posted");
          producer.send(new ProducerRecord<>(topics.rawEvents().name(), copy.getChannelId().toString(), copy));
          sent.incrementAndGet();
          if (i % 10 == 0) { // not Avro: a dead letter
            bad.send(new ProducerRecord<>(topics.rawEvents().name(), e.getChannelId(), ("bad " + i).getBytes()));
            badSent.incrementAndGet();
          }
          if (i % 50 == 49) {
            producer.flush();
            sleep(200); // a feed of ~12 s: several transactions, each writing updates while it is open
          }
        }
        producer.flush();
        bad.flush();
      });

      // kill inside a transaction that has already written updates: the broker's high watermark of mm.updates is
      // past its last stable offset exactly then (read in that order, the answer is never a false yes)
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
          drain(reader, seen);
          return seen.size() >= CHANGES / 5 && openTransactionWrote(admin, topics.updates().name());
        });
      }
      running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      int beforeKill = seen.size();
      running = startProcessor(topics, appId, stateDir, log);

      await().atMost(Duration.ofSeconds(180)).until(() -> {
        drain(reader, seen);
        return seen.size() >= CHANGES;
      });
      feeder.join(Duration.ofSeconds(60));
      // Anything still in flight would show up as a second copy: read a little longer once all are in.
      long until = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < until) {
        drain(reader, seen);
      }
      assertThat(beforeKill).as("killed while the stream was flowing").isLessThan(CHANGES);
      assertThat(sent.get()).isEqualTo(CHANGES);
      assertThat(seen).hasSize(CHANGES);
      assertThat(seen).allSatisfy((id, n) -> assertThat(n).as("copies of %s", id).isEqualTo(1));

      await().atMost(Duration.ofSeconds(60)).until(() -> dlq.records().size() >= badSent.get());
      Map<String, Integer> letters = new HashMap<>();
      for (ConsumerRecord<byte[], DeadLetter> r : dlq.records()) {
        letters.merge(r.value().getSourcePartition() + ":" + r.value().getSourceOffset(), 1, Integer::sum);
      }
      assertThat(letters).as("dead letters, read_committed").hasSize(badSent.get())
          .allSatisfy((source, n) -> assertThat(n).as("dead letters of %s", source).isEqualTo(1));

      Map<String, Integer> raw = new HashMap<>();
      long end = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < end && raw.size() < CHANGES) {
        uncommitted.poll(Duration.ofMillis(500)).forEach(r -> raw.merge(r.value().getEventId(), 1, Integer::sum));
      }
      assertThat(raw.values().stream().filter(n -> n > 1).count())
          .as("updates a read_uncommitted reader saw twice: written in the killed transaction, then again")
          .isPositive();
    } finally {
      if (running != null) {
        running.destroy();
        running.waitFor(30, TimeUnit.SECONDS);
      }
      deleteQuietly(stateDir.toFile());
    }
  }

  private static KafkaConsumer<String, ResourceUpdate> readUncommitted(Topics topics) {
    Map<String, Object> props = new HashMap<>(KafkaIo.readCommitted(KAFKA.bootstrapServers()));
    props.put("isolation.level", "read_uncommitted");
    KafkaConsumer<String, ResourceUpdate> c = new KafkaConsumer<>(props, topics.updates().keySerde().deserializer(),
        topics.updates().valueSerde().deserializer());
    c.subscribe(List.of(topics.updates().name()));
    return c;
  }

  /** Whether a transaction still open has written to {@code topic}: its high watermark is past its stable offset. */
  private static boolean openTransactionWrote(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
    var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    return latest.keySet().stream().anyMatch(tp -> high.get(tp).offset() > stable.get(tp).offset());
  }

  private static void drain(TopicReader<String, ResourceUpdate> reader, Map<String, Integer> seen) {
    for (ResourceUpdate u : KafkaIo.poll(reader, Duration.ofMillis(200))) {
      seen.merge(u.getEventId(), 1, Integer::sum);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteQuietly(c);
      }
    }
    f.delete();
  }
}
