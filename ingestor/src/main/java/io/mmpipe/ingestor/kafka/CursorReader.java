package io.mmpipe.ingestor.kafka;

import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.avro.ChannelCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code mm.channel-cursors} topic from the beginning to its current end: the ingestor's only
 * memory across restarts. No consumer group: every start reads it all, the latest record per channel wins.
 */
public final class CursorReader {

  private static final Logger log = LoggerFactory.getLogger(CursorReader.class);

  private CursorReader() {}

  public static Map<String, ChannelCursor> readAll(Map<String, Object> kafkaProps, Topic<String, ChannelCursor> topic,
      Duration timeout) {
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, ChannelCursor> out = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer.partitionsFor(topic.name(), timeout).forEach(pi -> parts.add(new TopicPartition(pi.topic(),
          pi.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic.name() + " to its end within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = topic.keySerde().deserializer().deserialize(topic.name(), r.key());
          if (r.value() == null) {
            out.remove(key);
            continue;
          }
          try {
            ChannelCursor c = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            ChannelCursor prev = out.get(c.getChannelId());
            // a cursor never goes backwards, whatever order two processors wrote in
            if (prev == null || prev.getLastUpdateAt() <= c.getLastUpdateAt()) {
              out.put(c.getChannelId(), c);
            }
          } catch (RuntimeException e) {
            log.warn("skipping unreadable cursor at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                e.getMessage());
          }
        }
      }
    }
    log.info("read {} channel cursors from {}", out.size(), topic.name());
    return out;
  }

  private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
