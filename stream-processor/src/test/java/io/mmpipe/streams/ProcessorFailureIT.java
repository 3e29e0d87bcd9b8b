package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream threads that fail on a real broker: a transient failure costs the thread, which is replaced, and every input
 * still ends in the output exactly once (read_committed); a fatal one shuts the processor down, reports it on /health
 * and asks to exit non-zero.
 *
 * <p>Inputs carry the current time: the raw topic keeps 7 days, and the broker's retention pass deleted inputs stamped
 * with the fixed {@link Events#T0} before the replacement thread (which joins only once the dead thread's group
 * membership expires) could read them; that, not the replacement, was why an earlier version of this test stalled.
 */
class ProcessorFailureIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  /** Output records above this size fail to send (RecordTooLargeException, a permanent error). */
  private static final int MAX_REQUEST = 100_000;
  private static final String FLAKY_KEY = "flaky-key";

  /** The injected transient fault while writing: once armed, the next output record to partition throws a timeout. */
  public static final class FlakyPartitioner implements Partitioner {
    static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                         Cluster cluster) {
      if (ARMED.compareAndSet(true, false)) {
        throw new TimeoutException("injected: the broker did not answer in time");
      }
      int partitions = cluster.partitionCountForTopic(topic);
      return keyBytes == null ? 0 : Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void close() {}
  }

  /** The injected transient fault while reading: the first record keyed {@link #FLAKY_KEY} throws a timeout. */
  public static final class FlakyExtractor implements TimestampExtractor {
    static final AtomicInteger THROWN = new AtomicInteger();

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      if (FLAKY_KEY.equals(record.key()) && THROWN.compareAndSet(0, 1)) {
        throw new TimeoutException("injected: the broker did not answer in time");
      }
      return record.timestamp();
    }
  }

  private static ProcessorConfig config(Topics topics, Map<String, Object> extra) {
    Map<String, Object> kafka = new HashMap<>(extra);
    kafka.put("bootstrap.servers", KAFKA.bootstrapServers());
    kafka.put("producer.max.request.size", MAX_REQUEST);
    ProcessorConfig base = ProcessorConfig.of(KAFKA.bootstrapServers(), topics.prefix(),
        KafkaExtension.uniqueName("proc"));
    return new ProcessorConfig(kafka, base.topicPrefix(), base.applicationId(), base.stateDir(),
        base.dedupeRetention(), base.commitInterval(), 1, 0, 3, (short) 1, base.startTimeout());
  }

  /** A post created now (see the class comment for why not at {@link Events#T0}). */
  private static RawEvent post(String id, int messageChars) {
    return Events.posted(Events.post(id, System.currentTimeMillis()).setMessage("x".repeat(messageChars)).build());
  }

  /** Update ids read until every one of {@code postIds} has been seen, then for a little longer (late duplicates). */
  private static List<String> idsUntilAll(TopicReader<String, ResourceUpdate> reader, List<String> postIds) {
    List<String> got = new ArrayList<>();
    await().atMost(Duration.ofMinutes(4)).until(() -> {
      KafkaIo.poll(reader, Duration.ofMillis(200)).forEach(u -> got.add(u.getEventId()));
      return postIds.stream().allMatch(p -> got.stream().anyMatch(id -> id.contains(p)));
    });
    KafkaIo.poll(reader, Duration.ofSeconds(5)).forEach(u -> got.add(u.getEventId()));
    return got;
  }

  private static long count(List<String> ids, String postId) {
    return ids.stream().filter(id -> id.contains(postId)).count();
  }

  /**
   * One input processed, then {@code arm} and the input in flight (keyed {@code inflightKey}) that meets the injected
   * fault, two more inputs once it struck: the thread is replaced, the processor stays up, and each input after the
   * first comes out exactly once (the first not again).
   */
  private static void assertEveryInputOnceAcrossATransientFailure(Map<String, Object> extra, Runnable arm,
                                                                  BooleanSupplier struck, String inflightKey) {
    Topics topics = KAFKA.newTopics();
    AtomicInteger exitCode = new AtomicInteger(-1);
    try (ProcessorMain proc = ProcessorMain.start(config(topics, extra), exitCode::set);
         KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
         TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      KafkaIo.send(producer, topics, Events.CHANNEL, post("before", 10));
      assertThat(count(idsUntilAll(reader, List.of("before")), "before")).isEqualTo(1);
      arm.run();
      KafkaIo.send(producer, topics, inflightKey, post("inflight", 10));
      await().atMost(Duration.ofMinutes(1)).until(struck::getAsBoolean);
      KafkaIo.send(producer, topics, Events.CHANNEL, post("after1", 10));
      KafkaIo.send(producer, topics, FLAKY_KEY, post("after2", 10));
      List<String> ids = idsUntilAll(reader, List.of("inflight", "after1", "after2"));
      assertThat(List.of("before", "inflight", "after1", "after2")).allSatisfy(p ->
          assertThat(count(ids, p)).as("updates of %s in %s", p, ids).isEqualTo(p.equals("before") ? 0 : 1));
      assertThat(proc.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      assertThat(proc.health().ok()).isTrue();
      assertThat(proc.health().json()).contains("\"replaced_threads\":1");
      assertThat(exitCode.get()).isEqualTo(-1);
    }
  }

  @Test
  void shouldReplaceTheThreadAfterATransientReadFailureAndProcessEveryInputExactlyOnce() {
    // the record in flight sits on a partition without a committed offset yet
    assertEveryInputOnceAcrossATransientFailure(
        Map.of("default.timestamp.extractor", FlakyExtractor.class.getName()),
        () -> FlakyExtractor.THROWN.set(0), () -> FlakyExtractor.THROWN.get() == 1, FLAKY_KEY);
  }

  @Test
  void shouldReplaceTheThreadAfterATransientWriteFailureAndProcessEveryInputExactlyOnce() {
    // the update of the record in flight fails to send: the transaction that holds it never commits
    assertEveryInputOnceAcrossATransientFailure(
        Map.of("producer.partitioner.class", FlakyPartitioner.class.getName()),
        () -> FlakyPartitioner.ARMED.set(true), () -> !FlakyPartitioner.ARMED.get(), Events.CHANNEL);
  }

  @Test
  void shouldShutDownReportDownAndAskToExitNonZeroOnAFatalFailure() {
    Topics topics = KAFKA.newTopics();
    AtomicInteger exitCode = new AtomicInteger(-1);
    try (ProcessorMain proc = ProcessorMain.start(config(topics, Map.of()), exitCode::set);
         KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics)) {
      KafkaIo.send(producer, topics, Events.CHANNEL, post("huge", 2 * MAX_REQUEST));
      await().atMost(Duration.ofMinutes(3)).until(() -> exitCode.get() != -1);
      assertThat(exitCode.get()).isEqualTo(ProcessorMain.EXIT_FATAL).isNotZero();
      assertThat(proc.state()).isEqualTo(KafkaStreams.State.ERROR);
      assertThat(proc.health().ok()).isFalse();
      assertThat(proc.health().json()).contains("\"status\":\"DOWN\"").contains("\"kafka_streams\":\"ERROR\"")
          .contains("RecordTooLargeException");
    }
  }
}
