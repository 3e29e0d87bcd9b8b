package io.mmpipe.devkit;

import io.mmpipe.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one way the project's tests, demo checks and benchmark read a topic: from its beginning, every partition
 * assigned (no group, nothing to rebalance), only committed transactional output (what a downstream reader of an
 * exactly-once tier would see), on its own thread, until closed. Either keeps every record, up to a limit, or hands
 * each to a callback and keeps none.
 */
public final class TopicReader<K, V> implements AutoCloseable {

  /** Receives each record with the {@link System#nanoTime()} at which the reader took it from the broker. */
  @FunctionalInterface
  public interface Callback<K, V> {
    void onRecord(ConsumerRecord<K, V> record, long receivedNanos);
  }

  /** How many records a keeping reader holds before it refuses to hold more (a test reading too much is a bug). */
  public static final int DEFAULT_LIMIT = 2_000_000;

  private final KafkaConsumer<K, V> consumer;
  /** Guarded by {@link #arrived}: appended once per batch, copied only by the readers' calls. */
  private final List<ConsumerRecord<K, V>> kept = new ArrayList<>();
  private final int limit;
  private final Callback<K, V> callback;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicLong count = new AtomicLong();
  private final Object arrived = new Object();
  private int taken;
  private volatile boolean atEnd;
  private final Thread thread;

  private TopicReader(String bootstrap, Topic<K, V> topic, int limit, Callback<K, V> callback) {
    this.limit = limit;
    this.callback = callback;
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("enable.auto.commit", "false");
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", "2000");
    consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    thread = Thread.ofPlatform().daemon().name("topic-reader-" + topic.name()).start(() -> run(topic.name()));
  }

  /** A reader that keeps every record (up to {@link #DEFAULT_LIMIT}). */
  public static <K, V> TopicReader<K, V> keeping(String bootstrap, Topic<K, V> topic) {
    return new TopicReader<>(bootstrap, topic, DEFAULT_LIMIT, null);
  }

  /** A reader that keeps at most {@code limit} records; past it {@link #records()} fails. */
  public static <K, V> TopicReader<K, V> keeping(String bootstrap, Topic<K, V> topic, int limit) {
    return new TopicReader<>(bootstrap, topic, limit, null);
  }

  /** A reader that hands every record to {@code callback} on its thread and keeps none. */
  public static <K, V> TopicReader<K, V> forEach(String bootstrap, Topic<K, V> topic, Callback<K, V> callback) {
    return new TopicReader<>(bootstrap, topic, 0, callback);
  }

  private void run(String name) {
    try (consumer) {
      List<TopicPartition> parts = partitions(name);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (running.get()) {
        var batch = consumer.poll(Duration.ofMillis(100));
        if (batch.isEmpty()) {
          Map<TopicPartition, Long> end = consumer.endOffsets(parts);
          atEnd = parts.stream().allMatch(p -> consumer.position(p) >= end.get(p));
          continue;
        }
        atEnd = false;
        if (callback != null) {
          for (ConsumerRecord<K, V> r : batch) {
            long received = System.nanoTime();
            count.incrementAndGet();
            callback.onRecord(r, received);
          }
          continue;
        }
        synchronized (arrived) {
          for (ConsumerRecord<K, V> r : batch) {
            count.incrementAndGet();
            if (kept.size() < limit) {
              kept.add(r);
            } else {
              overflowed.set(true);
            }
          }
          arrived.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closed
    }
  }

  /** Right after a topic is created its partitions may not be in the metadata yet: wait for them. */
  private List<TopicPartition> partitions(String name) {
    while (running.get()) {
      List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.of();
  }

  /** Every record kept so far, in the order read (per partition: offset order). */
  public List<ConsumerRecord<K, V>> records() {
    refuseIfOverflowed();
    synchronized (arrived) {
      return new ArrayList<>(kept);
    }
  }

  /**
   * The values kept since the previous call, waiting up to {@code timeout} for at least one (like a consumer's
   * poll, for one caller at a time); empty when none came.
   */
  public List<V> poll(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    synchronized (arrived) {
      long left;
      while (kept.size() <= taken && (left = until - System.nanoTime()) > 0) {
        arrived.wait(Math.max(1, left / 1_000_000));
      }
      refuseIfOverflowed();
      List<V> fresh = kept.subList(taken, kept.size()).stream().map(ConsumerRecord::value).toList();
      taken = kept.size();
      return fresh;
    }
  }

  private void refuseIfOverflowed() {
    if (overflowed.get()) {
      throw new IllegalStateException("this reader kept its limit of " + limit + " records and dropped more");
    }
  }

  /** The values of {@link #records()}. */
  public List<V> values() {
    return records().stream().map(ConsumerRecord::value).toList();
  }

  /**
   * True when the reader's last empty poll found it at the end of every partition (the last stable offset, under
   * read_committed): everything committed by then has been read.
   */
  public boolean atEnd() {
    return atEnd;
  }

  /** How many records were read (kept or handed over). */
  public long count() {
    return count.get();
  }

  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
