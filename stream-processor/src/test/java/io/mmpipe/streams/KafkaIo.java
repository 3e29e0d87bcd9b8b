package io.mmpipe.streams;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real clients for the ITs: an ingestor-like producer and read_committed readers of the outputs. */
final class KafkaIo {

  private KafkaIo() {}

  static KafkaProducer<String, RawEvent> producer(String bootstrap, Topics topics) {
    return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all",
        "linger.ms", 5), new StringSerializer(), topics.rawEvents().valueSerde().serializer());
  }

  static KafkaProducer<String, byte[]> bytesProducer(String bootstrap) {
    return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(),
        new ByteArraySerializer());
  }

  static void send(KafkaProducer<String, RawEvent> p, Topics topics, String key, RawEvent e) {
    try {
      p.send(new ProducerRecord<>(topics.rawEvents().name(), null, e.getObservedAt(), key, e)).get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static KafkaConsumer<String, ResourceUpdate> updatesReader(String bootstrap, Topics topics) {
    KafkaConsumer<String, ResourceUpdate> c = new KafkaConsumer<>(readCommitted(bootstrap),
        topics.updates().keySerde().deserializer(), topics.updates().valueSerde().deserializer());
    c.subscribe(List.of(topics.updates().name()));
    return c;
  }

  static KafkaConsumer<byte[], DeadLetter> dlqReader(String bootstrap, Topics topics) {
    KafkaConsumer<byte[], DeadLetter> c = new KafkaConsumer<>(readCommitted(bootstrap),
        topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
    c.subscribe(List.of(topics.deadLetters().name()));
    return c;
  }

  static Map<String, Object> readCommitted(String bootstrap) {
    return Map.of("bootstrap.servers", bootstrap, "group.id", KafkaExtension.uniqueName("reader"),
        "auto.offset.reset", "earliest", "isolation.level", "read_committed", "enable.auto.commit", false);
  }

  static <K, V> List<V> poll(KafkaConsumer<K, V> c, Duration d) {
    List<V> out = new ArrayList<>();
    for (ConsumerRecord<K, V> r : c.poll(d)) {
      out.add(r.value());
    }
    return out;
  }
}
