package io.mmpipe.gateway.cache;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.gateway.kafka.ByteConsumers;
import io.mmpipe.gateway.kafka.ConsumerThread;
import io.mmpipe.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Deserializer;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ChannelCache} current: the latest updates per channel and per feed (resource uri). It consumes
 * {@code mm.updates} in a consumer group SHARED by all gateway instances, so each update is written to Redis once, by
 * whichever instance owns its partition. Offsets are
 * committed only after Redis accepted the batch; while Redis is down the batch is retried (rewinding the consumer)
 * with backoff, so the cache fills in again by itself once Redis is back.
 */
public final class CacheWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CacheWriter.class);

  /**
   * Pause before re-reading a batch Redis refused: 250 ms doubling up to 5 s, each pause randomized by half, so the
   * gateways sharing a Redis do not retry in lockstep when it comes back.
   */
  static final IntervalFunction BACKOFF =
      IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), 2.0, 0.5, Duration.ofSeconds(5));

  private final String topic;
  private final ChannelCache cache;
  private final IntConsumer onWritten;
  private final Consumer<ResourceUpdate> afterWrite;
  private final Deserializer<ResourceUpdate> serde;
  private final ConsumerThread worker;
  private volatile boolean healthy = true;

  public CacheWriter(Map<String, Object> kafkaProps, String topic, String groupId, ChannelCache cache,
                     IntConsumer onWritten) {
    this(kafkaProps, topic, groupId, cache, onWritten, u -> { });
  }

  /**
   * @param afterWrite told of every update once it is cached (the read cache forgets what the update changed); runs
   *                   on the writer's thread, once per update across all instances (the group shares the work)
   */
  public CacheWriter(Map<String, Object> kafkaProps, String topic, String groupId, ChannelCache cache,
                     IntConsumer onWritten, Consumer<ResourceUpdate> afterWrite) {
    this(kafkaProps, topic, AvroSerde.of(ResourceUpdate.class), groupId, cache, onWritten, afterWrite);
  }

  /** @param serde how the topic's values are read (the topic's own serde: registry mode included) */
  public CacheWriter(Map<String, Object> kafkaProps, String topic, Deserializer<ResourceUpdate> serde, String groupId,
                     ChannelCache cache, IntConsumer onWritten, Consumer<ResourceUpdate> afterWrite) {
    this.serde = serde;
    this.afterWrite = afterWrite;
    Map<String, Object> p = ByteConsumers.readCommitted(kafkaProps, groupId, "latest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    this.topic = topic;
    this.cache = cache;
    this.onWritten = onWritten;
    this.worker = new ConsumerThread("gateway-cache-writer", p, this::run, this::stopped, () -> {});
  }

  public CacheWriter start() {
    worker.start();
    return this;
  }

  /** False after a failed write until the next successful one. */
  public boolean healthy() {
    return healthy;
  }

  private void run(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
    c.subscribe(List.of(topic));
    int failures = 0;
    while (worker.running()) {
      ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
      if (records.isEmpty()) {
        continue;
      }
      try {
        List<ResourceUpdate> updates = new ArrayList<>(records.count());
        List<ChannelCache.FeedEntry> feeds = new ArrayList<>(records.count());
        cache.write(entries(records, updates, feeds), feeds);
        updates.forEach(afterWrite);
        c.commitSync();
        onWritten.accept(records.count());
        if (!healthy) {
          log.info("Redis is reachable again; the channel cache is being written");
        }
        healthy = true;
        failures = 0;
      } catch (CommitFailedException e) {
        log.debug("cache offsets not committed after a rebalance; the new owner rewrites them (idempotent)");
      } catch (RuntimeException e) {
        if (e instanceof WakeupException) {
          throw e;
        }
        if (healthy) {
          log.warn("Redis write failed, serving without the cache until it is back: {}", e.getMessage());
        }
        healthy = false;
        rewind(c, records);
        Thread.sleep(BACKOFF.apply(++failures));
      }
    }
  }

  private void stopped(RuntimeException e) {
    log.error("cache writer stopped: {}", e.toString());
    healthy = false;
  }

  /** The channel entries of a batch; fills {@code decoded} (updates with a channel) and {@code feeds} (all). */
  private List<ChannelCache.Entry> entries(ConsumerRecords<byte[], byte[]> records, List<ResourceUpdate> decoded,
                                           List<ChannelCache.FeedEntry> feeds) {
    List<ChannelCache.Entry> out = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        ResourceUpdate u = serde.deserialize(r.topic(), r.value());
        if (u == null) {
          continue;
        }
        String json = ResourceUpdateJson.write(u);
        if (u.getResourceUri() != null && !u.getResourceUri().isEmpty()) {
          feeds.add(new ChannelCache.FeedEntry(u.getResourceUri(), r.partition(), r.offset(), u.getTimestamp(), json));
        }
        if (u.getChannelId() != null && !u.getChannelId().isEmpty()) {
          decoded.add(u);
          out.add(new ChannelCache.Entry(u.getChannelId(), r.offset(), json));
        }
      } catch (RuntimeException e) {
        log.debug("cache writer skips undecodable record {}@{}", r.partition(), r.offset());
      }
    }
    return out;
  }

  /** Seeks every partition of the failed batch back to its first record, so the batch is read again. */
  private static void rewind(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      if (c.assignment().contains(tp)) {
        c.seek(tp, records.records(tp).get(0).offset());
      }
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
