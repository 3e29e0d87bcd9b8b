package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream thread that fails fatally on a real broker (an update too large for the producer, a permanent error):
 * the processor shuts down, reports it on /health and asks to exit non-zero instead of living on in ERROR.
 */
class ProcessorFailureIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  /** Output records above this size fail to send (RecordTooLargeException, a permanent error). */
  private static final int MAX_REQUEST = 100_000;

  private static ProcessorConfig config(Topics topics) {
    Map<String, Object> kafka = new HashMap<>();
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

  @Test
  void shouldShutDownReportDownAndAskToExitNonZeroOnAFatalFailure() {
    Topics topics = KAFKA.newTopics();
    AtomicInteger exitCode = new AtomicInteger(-1);
    try (ProcessorMain proc = ProcessorMain.start(config(topics), exitCode::set);
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
