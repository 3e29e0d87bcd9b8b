package io.mmpipe.ingestor.kafka;

import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.publish.Publisher;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
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
 * acks=all so a broker retry never duplicates or reorders a channel's events. Every send answers a future that
 * completes when Kafka acknowledged the record. Records go through a queue to one sender thread, because
 * {@code KafkaProducer.send} itself blocks for up to {@code max.block.ms} when the broker has gone (no metadata) or
 * its buffer is full; the queue and what is in flight are bounded together by bytes. A failed delivery marks Kafka
 * unavailable until {@link KafkaProbe} hears from the cluster again; meanwhile sends fail at once and the sources
 * stop reading.
 */
public final class EventProducer implements Publisher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventProducer.class);
  /** Default bound of unacknowledged bytes: half of the producer's default 32 MiB buffer. */
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 16L << 20;

  private final Topics topics;
  private final IngestorMetrics metrics;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Semaphore inFlight;
  private final int maxPermits;
  // unbounded in type, bounded by the in-flight bytes: a record enters only with its permits
  private final BlockingQueue<Queued> outbox = new LinkedBlockingQueue<>();
  private final Thread sender;
  private final KafkaProbe probe;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile long lastErrorAt;
  private volatile long unavailableSince;
  private final AtomicBoolean closed = new AtomicBoolean();

  public EventProducer(Map<String, Object> kafkaProps, Topics topics, String clientId, IngestorMetrics metrics) {
    this(kafkaProps, topics, clientId, metrics, DEFAULT_MAX_IN_FLIGHT_BYTES);
  }

  /** @param maxInFlightBytes serialized bytes sent and not yet acknowledged, at most */
  public EventProducer(Map<String, Object> kafkaProps, Topics topics, String clientId, IngestorMetrics metrics,
      long maxInFlightBytes) {
    if (maxInFlightBytes < 1024) {
      throw new IllegalArgumentException("the in-flight bound must be at least 1024 bytes");
    }
    this.topics = topics;
    this.metrics = metrics;
    this.maxPermits = (int) Math.min(Integer.MAX_VALUE, maxInFlightBytes);
    this.inFlight = new Semaphore(maxPermits);
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a few ms of batching lifts throughput a lot under load and costs nothing noticeable for a chat event
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    // one request in flight: with several, a partition that has just got its leader can refuse the first batch
    // (NOT_LEADER_OR_FOLLOWER) and accept the next ones, since a broker with no state for a producer takes any first
    // sequence; the retried first batch is then out of order until delivery.timeout.ms, and its events are held up
    // that long (seen in IngestorModesIT on a freshly created topic). Batching (linger) keeps the throughput.
    p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    // metadata fetched now, while Kafka is known to answer: a send without it would wait up to max.block.ms
    try {
      producer.partitionsFor(topics.rawEvents().name());
    } catch (RuntimeException e) {
      log.warn("no metadata for {} yet: {}", topics.rawEvents().name(), e.toString());
    }
    this.probe = new KafkaProbe(kafkaProps, this::cameBack);
    this.sender = Thread.ofPlatform().daemon().name("ingestor-kafka-sender").start(this::sendLoop);
  }

  @Override
  public CompletableFuture<Void> send(KeyedEvent e) {
    if (!available()) {
      return CompletableFuture.failedFuture(new IllegalStateException(unavailableMessage()));
    }
    Encoded r = encode(e);
    try {
      inFlight.acquire(r.permits());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(ex);
    }
    return enqueue(r);
  }

  @Override
  public CompletableFuture<Void> trySend(KeyedEvent e) {
    if (!available()) {
      return null;
    }
    Encoded r = encode(e);
    return inFlight.tryAcquire(r.permits()) ? enqueue(r) : null;
  }

  @Override
  public boolean available() {
    return unavailableSince == 0;
  }

  /** Since when Kafka has been unavailable (epoch ms), 0 when it is available. */
  public long unavailableSince() {
    return unavailableSince;
  }

  private record Encoded(byte[] key, byte[] value, String type, String source, int permits) {}

  private record Queued(Encoded record, CompletableFuture<Void> done) {}

  private CompletableFuture<Void> enqueue(Encoded r) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed.get()) {
      inFlight.release(r.permits());
      done.completeExceptionally(new IllegalStateException("the producer is closed"));
    } else {
      outbox.add(new Queued(r, done));
    }
    return done;
  }

  /** The only caller of {@code KafkaProducer.send}: blocking here never blocks a source. */
  private void sendLoop() {
    while (true) {
      Queued q;
      try {
        q = outbox.take();
      } catch (InterruptedException e) {
        break;
      }
      if (!available() || closed.get()) {
        // queued before Kafka went away: each send would now wait max.block.ms for metadata, so fail it at once
        inFlight.release(q.record().permits());
        q.done().completeExceptionally(new IllegalStateException(unavailableMessage()));
      } else {
        write(q.record(), q.done());
      }
    }
    for (Queued q : outbox) {
      inFlight.release(q.record().permits());
      q.done().completeExceptionally(new IllegalStateException("the producer is closed"));
    }
    outbox.clear();
  }

  private Encoded encode(KeyedEvent e) {
    RawEvent ev = e.event();
    String topic = topics.rawEvents().name();
    byte[] key = topics.rawEvents().keySerde().serializer().serialize(topic, e.key());
    byte[] value = topics.rawEvents().valueSerde().serializer().serialize(topic, ev);
    // a record larger than the whole bound takes all of it rather than waiting forever
    int permits = (int) Math.min(maxPermits, (long) key.length + value.length);
    return new Encoded(key, value, ev.getEventType(), ev.getSource().name(), Math.max(1, permits));
  }

  private void write(Encoded r, CompletableFuture<Void> done) {
    String what = "cannot write " + r.type() + " to " + topics.rawEvents().name();
    try {
      producer.send(new ProducerRecord<>(topics.rawEvents().name(), r.key(), r.value()), (md, ex) -> {
        inFlight.release(r.permits());
        if (ex != null) {
          failed(what, ex);
          done.completeExceptionally(ex);
        } else {
          metrics.event(r.type(), r.source());
          done.complete(null);
        }
      });
    } catch (RuntimeException ex) {
      inFlight.release(r.permits());
      failed(what, ex);
      done.completeExceptionally(ex);
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
    synchronized (this) {
      if (unavailableSince == 0 && !closed.get()) {
        unavailableSince = lastErrorAt;
        // once per outage: every record of a long outage fails, and the log must not drown in them
        log.error("Kafka is unavailable ({}); intake paused until it answers again", msg);
        probe.start();
        return;
      }
    }
    log.debug("{}", msg);
  }

  private synchronized void cameBack() {
    if (unavailableSince != 0) {
      log.info("Kafka answers again after {} s; intake resumes", (System.currentTimeMillis() - unavailableSince)
          / 1000);
      unavailableSince = 0;
    }
  }

  private String unavailableMessage() {
    return "Kafka unavailable since " + java.time.Instant.ofEpochMilli(unavailableSince) + ": " + lastError.get();
  }

  /** The last producer failure, or null. */
  public String lastError() {
    return lastError.get();
  }

  /** When the last failure happened (ms), 0 if never. */
  public long lastErrorAt() {
    return lastErrorAt;
  }

  /** Bytes sent and not yet acknowledged (tests and metrics). */
  public long inFlightBytes() {
    return maxPermits - inFlight.availablePermits();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      probe.close();
      sender.interrupt();
      try {
        sender.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(10));
    }
  }
}
