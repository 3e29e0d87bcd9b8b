package io.mmpipe.ingestor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.devkit.Ports;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventProducerIT {

  @Test
  void shouldCountAndSurfaceProducerErrorsWithoutThrowing() {
    IngestorMetrics metrics = new IngestorMetrics();
    // nothing listens on that port: every send times out instead of blocking the caller for long
    Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:" + Ports.free(), "max.block.ms", 300,
        "request.timeout.ms", 300, "delivery.timeout.ms", 400, "linger.ms", 0);
    try (EventProducer p = new EventProducer(props, new Topics("x."), "test", metrics)) {
      RawEvent e = RawEvent.newBuilder().setSource(Source.WEBSOCKET).setEventType("status_change")
          .setObservedAt(1).setServerId("s").setIngestorId("i").setPayload(new StatusPayload("u1", "away")).build();
      var taken = p.send(new KeyedEvent("user:u1", e));
      p.deadLetter("bad frame", new byte[] {1, 2}, null);
      await().atMost(Duration.ofSeconds(30)).until(() -> metrics.producerErrors() >= 2);
      assertThat(taken).as("a record Kafka did not acknowledge is not taken").isCompletedExceptionally();
      assertThat(p.lastError()).contains("x.mm.events");
      assertThat(p.lastErrorAt()).isPositive();
      assertThat(p.available()).isFalse();
      assertThat(p.trySend(new KeyedEvent("user:u1", e))).as("nothing is accepted while Kafka is away").isNull();
      assertThat(p.send(new KeyedEvent("user:u1", e))).isCompletedExceptionally();
      assertThat(p.inFlightBytes()).isZero();
      assertThat(metrics.events("status_change", "WEBSOCKET")).isZero();
      assertThat(metrics.deadLetters()).isZero();
    }
  }

  @Test
  void shouldBoundTheBytesQueuedOrInFlightAndRefuseMoreWithoutWaiting() {
    IngestorMetrics metrics = new IngestorMetrics();
    // nothing listens: the one sender waits for metadata, so the first record holds its bytes for a while
    Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:" + Ports.free(), "max.block.ms", 5_000,
        "delivery.timeout.ms", 30_000, "request.timeout.ms", 10_000, "linger.ms", 0);
    try (EventProducer p = new EventProducer(props, new Topics("x."), "test", metrics, 1024)) {
      RawEvent big = RawEvent.newBuilder().setSource(Source.WEBSOCKET).setEventType("status_change")
          .setObservedAt(1).setServerId("s".repeat(2_000)).setIngestorId("i")
          .setPayload(new StatusPayload("u1", "away")).build();
      assertThat(p.trySend(new KeyedEvent("user:u1", big))).isNotNull();
      assertThat(p.inFlightBytes()).isEqualTo(1024);
      assertThat(p.trySend(new KeyedEvent("user:u1", big))).as("no room: refused at once, not queued").isNull();
      assertThat(p.available()).isTrue();
    }
  }
}
