package io.mmpipe.gateway.broadcast;

import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.avro.Broadcast;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes broadcasts to {@code mm.broadcasts} and answers only once Kafka has them: an idempotent producer with
 * {@code acks=all} (a retried send is written once, and an acknowledged one is on every in-sync replica), and
 * {@link #publish} waits for the acknowledgement. When Kafka does not acknowledge within the delivery timeout the
 * producer has given the record up (it is not retried later behind the sender's back) and the caller is told
 * {@link Unavailable}: a broadcast is either acknowledged or refused, never silently dropped.
 */
public final class BroadcastPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BroadcastPublisher.class);

  private final Topic<String, Broadcast> topic;
  private final KafkaProducer<String, Broadcast> producer;
  private final Duration timeout;
  private final Clock clock;

  /** Kafka did not acknowledge the broadcast: it was not sent. */
  public static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @param timeout the producer's delivery timeout: how long one broadcast may wait for Kafka, retries included
   */
  public BroadcastPublisher(Map<String, Object> kafkaProps, Topic<String, Broadcast> topic, Duration timeout,
                            Clock clock) {
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // one broadcast at a time, and a person is waiting
    long ms = timeout.toMillis();
    // each attempt gets at most half the budget so a lost response is retried once within it
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (ms / 2));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ms);
    // waiting for metadata (broker unknown or gone) counts against the same budget
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms / 2);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "gateway-broadcasts-" + UUID.randomUUID().toString()
        .substring(0, 8));
    this.topic = topic;
    this.producer = new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer());
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Writes the broadcast, keyed by its sender, and waits for Kafka's acknowledgement.
   *
   * @return the broadcast as written (with its new id)
   * @throws Unavailable when Kafka did not acknowledge it within the timeout
   */
  public Broadcast publish(BroadcastMessage m, String sender) throws Unavailable, InterruptedException {
    Broadcast b = Broadcast.newBuilder()
        .setBroadcastId(UUID.randomUUID().toString())
        .setType(m.type())
        .setText(m.text())
        .setDataJson(m.data() == null ? null : m.data().toString())
        .setSender(sender)
        .setCreatedAt(clock.millis())
        .build();
    try {
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic.name(), sender, b));
      // the producer fails the future by its delivery timeout; the margin only guards against a hang
      RecordMetadata md = sent.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      log.info("broadcast {} ({}) from {} written to {}-{}@{}", b.getBroadcastId(), b.getType(), sender,
          md.topic(), md.partition(), md.offset());
      return b;
    } catch (ExecutionException e) {
      throw unavailable(b, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException | KafkaException e) {
      throw unavailable(b, e);
    }
  }

  private static Unavailable unavailable(Broadcast b, Throwable cause) {
    log.warn("broadcast {} not acknowledged by Kafka, refused: {}", b.getBroadcastId(), cause.toString());
    return new Unavailable("Kafka did not acknowledge the broadcast: " + cause.getClass().getSimpleName(), cause);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
  }
}
