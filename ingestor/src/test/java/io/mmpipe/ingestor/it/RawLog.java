package io.mmpipe.ingestor.it;

import io.mmpipe.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a topic from its beginning on a background thread and keeps every value (test helper). */
final class RawLog<V> implements AutoCloseable {

  private final List<V> values = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  RawLog(String bootstrap, Topic<?, V> topic) {
    thread = Thread.ofPlatform().daemon().name("rawlog-" + topic.name()).start(() -> {
      try (var c = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
          topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic.name()).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        c.assign(parts);
        c.seekToBeginning(parts);
        while (running.get()) {
          c.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
        }
      }
    });
  }

  List<V> values() {
    return List.copyOf(values);
  }

  int size() {
    return values.size();
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
