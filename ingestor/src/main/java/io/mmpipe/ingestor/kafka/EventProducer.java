package io.mmpipe.ingestor.kafka;

import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes observations to {@code mm.events.raw} and unusable frames to {@code mm.events.dlq}. Idempotent with
 * acks=all so a broker retry never duplicates or reorders a channel's events; sends are asynchronous so the
 * WebSocket reader never waits on a broker round trip.
 */
public final class EventProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventProducer.class);

  private final Topics topics;
  private final IngestorMetrics metrics;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile long lastErrorAt;
  private final AtomicBoolean closed = new AtomicBoolean();

  public EventProducer(Map<String, Object> kafkaProps, Topics topics, String clientId, IngestorMetrics metrics) {
    this.topics = topics;
    this.metrics = metrics;
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a few ms of batching lifts throughput a lot under load and costs nothing noticeable for a chat event
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Queues one event; failures are counted and surfaced in health, never thrown at the caller. */
  public void send(KeyedEvent e) {
    RawEvent ev = e.event();
    byte[] key = topics.rawEvents().keySerde().serializer().serialize(topics.rawEvents().name(), e.key());
    byte[] value = topics.rawEvents().valueSerde().serializer().serialize(topics.rawEvents().name(), ev);
    String type = ev.getEventType();
    String source = ev.getSource().name();
    try {
      producer.send(new ProducerRecord<>(topics.rawEvents().name(), key, value), (md, ex) -> {
        if (ex != null) {
          failed("cannot write " + type + " to " + topics.rawEvents().name(), ex);
        } else {
          metrics.event(type, source);
        }
      });
    } catch (RuntimeException ex) {
      failed("cannot write " + type + " to " + topics.rawEvents().name(), ex);
    }
  }

  /** Sends an unusable frame, untouched, with the reason, to the dead-letter topic. */
  public void deadLetter(String reason, byte[] raw, Throwable error) {
    DeadLetter dl = DeadLetter.newBuilder()
        .setReason(reason)
        .setComponent("ingestor")
        .setSourceTopic(null)
        .setValue(raw == null ? null : ByteBuffer.wrap(raw))
        .setFailedAt(System.currentTimeMillis())
        .setErrorClass(error == null ? null : error.getClass().getName())
        .build();
    String topic = topics.deadLetters().name();
    byte[] value = topics.deadLetters().valueSerde().serializer().serialize(topic, dl);
    try {
      producer.send(new ProducerRecord<>(topic, null, value), (md, ex) -> {
        if (ex != null) {
          failed("cannot write a dead letter to " + topic, ex);
        } else {
          metrics.deadLetter();
        }
      });
    } catch (RuntimeException ex) {
      failed("cannot write a dead letter to " + topic, ex);
    }
  }

  private void failed(String what, Exception ex) {
    metrics.producerError();
    String msg = what + ": " + ex;
    lastError.set(msg);
    lastErrorAt = System.currentTimeMillis();
    log.error("{}", msg);
  }

  /** The last producer failure, or null. */
  public String lastError() {
    return lastError.get();
  }

  /** When the last failure happened (ms), 0 if never. */
  public long lastErrorAt() {
    return lastErrorAt;
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
