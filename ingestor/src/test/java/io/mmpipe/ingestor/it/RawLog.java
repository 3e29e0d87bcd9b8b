package io.mmpipe.ingestor.it;

import io.mmpipe.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.mmpipe.testkit.KafkaExtension;

/** Reads a topic from its beginning on a background thread and keeps every value (test helper). */
final class RawLog<V> implements AutoCloseable {

  private final List<V> values = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  RawLog(String bootstrap, Topic<?, V> topic) {
    // subscribe (not assign): right after creation a topic's partitions may not be in the metadata yet, and an
    // assignment made from an empty partition list would silently read nothing
    thread = Thread.ofPlatform().daemon().name("rawlog-" + topic.name()).start(() -> {
      try (var c = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
          "group.id", KafkaExtension.uniqueName("rawlog"), "auto.offset.reset", "earliest",
          "enable.auto.commit", false), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
        c.subscribe(List.of(topic.name()));
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
