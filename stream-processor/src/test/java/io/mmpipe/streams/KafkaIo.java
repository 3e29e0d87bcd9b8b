package io.mmpipe.streams;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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

  static TopicReader<String, ResourceUpdate> updatesReader(String bootstrap, Topics topics) {
    return TopicReader.keeping(bootstrap, topics.updates());
  }

  static TopicReader<byte[], DeadLetter> dlqReader(String bootstrap, Topics topics) {
    return TopicReader.keeping(bootstrap, topics.deadLetters());
  }

  static Map<String, Object> readCommitted(String bootstrap) {
    return Map.of("bootstrap.servers", bootstrap, "group.id", KafkaExtension.uniqueName("reader"),
        "auto.offset.reset", "earliest", "isolation.level", "read_committed", "enable.auto.commit", false);
  }

  /** The values the reader took since the previous call, waiting up to {@code d} for some. */
  static <K, V> List<V> poll(TopicReader<K, V> reader, Duration d) {
    try {
      return reader.poll(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
