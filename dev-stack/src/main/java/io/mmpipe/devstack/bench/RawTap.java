package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one topic from the beginning on its own thread (assign, no group: nothing to rebalance) and hands every
 * record to a callback, until closed. The bench's eyes on what a tier wrote and when the broker appended it.
 */
final class RawTap<K, V> implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong count = new AtomicLong();
  private final Thread thread;

  RawTap(String bootstrap, Topic<K, V> topic, BiConsumer<ConsumerRecord<K, V>, Long> onRecord) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("enable.auto.commit", "false");
    // Only committed transactional output counts as delivered (the processor writes under exactly-once).
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", "2000");
    Deserializer<K> kd = topic.keySerde().deserializer();
    Deserializer<V> vd = topic.valueSerde().deserializer();
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, kd, vd);
    List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread = Thread.ofPlatform().name("bench-tap-" + topic.name()).daemon().start(() -> {
      try (consumer) {
        while (running.get()) {
          for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(100))) {
            long receivedNanos = System.nanoTime();
            count.incrementAndGet();
            onRecord.accept(r, receivedNanos);
          }
        }
      }
    });
  }

  long count() {
    return count.get();
  }

  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
