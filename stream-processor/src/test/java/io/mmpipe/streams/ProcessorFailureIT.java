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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream threads that fail on a real broker: a transient failure costs the thread, which is replaced while the
 * processor keeps running; a fatal one shuts it down, reports it on /health and asks to exit non-zero.
 */
class ProcessorFailureIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  /** Output records above this size fail to send (RecordTooLargeException, a permanent error). */
  private static final int MAX_REQUEST = 100_000;

  /** The injected transient fault: the first failed send makes the handler throw a timeout; later ones skip. */
  public static final class FlakyHandler implements ProductionExceptionHandler {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
      if (CALLS.incrementAndGet() == 1) {
        throw new TimeoutException("injected: the broker did not answer in time");
      }
      return Response.resume();
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

  private static RawEvent post(String id, int messageChars) {
    return Events.posted(Events.post(id, Events.T0).setMessage("x".repeat(messageChars)).build());
  }

  /** Update ids read until one mentions {@code postId}. */
  private static List<String> idsUntil(TopicReader<String, ResourceUpdate> reader, String postId) {
    List<String> got = new ArrayList<>();
    await().atMost(Duration.ofMinutes(3)).until(() -> {
      KafkaIo.poll(reader, Duration.ofMillis(200)).forEach(u -> got.add(u.getEventId()));
      return got.stream().anyMatch(id -> id.contains(postId));
    });
    return got;
  }

  @Test
  void shouldReplaceTheStreamThreadAfterATransientFailureAndKeepProcessing() {
    Topics topics = KAFKA.newTopics();
    FlakyHandler.CALLS.set(0);
    AtomicInteger exitCode = new AtomicInteger(-1);
    try (ProcessorMain proc = ProcessorMain.start(config(topics,
             Map.of("default.production.exception.handler", FlakyHandler.class.getName())), exitCode::set);
         KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
         TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      KafkaIo.send(producer, topics, Events.CHANNEL, post("small1", 10));
      idsUntil(reader, "small1");
      KafkaIo.send(producer, topics, Events.CHANNEL, post("huge", 2 * MAX_REQUEST));
      KafkaIo.send(producer, topics, Events.CHANNEL, post("small2", 10));
      // processing goes on past the failure (the huge update is what the injected handler skips the second time)
      assertThat(idsUntil(reader, "small2")).noneMatch(id -> id.contains("huge"));
      assertThat(FlakyHandler.CALLS.get()).isGreaterThanOrEqualTo(2);
      assertThat(proc.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      assertThat(proc.health().ok()).isTrue();
      assertThat(proc.health().json()).contains("\"replaced_threads\":1");
      assertThat(exitCode.get()).isEqualTo(-1);
    }
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
