package io.mmpipe.gateway.stream;

import io.mmpipe.gateway.kafka.ByteConsumers;
import io.mmpipe.gateway.kafka.ConsumerThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live consumer of {@code mm.updates}: its own assignment of every partition (no consumer group, so every
 * gateway instance sees every update), starting at the end, appending each record to the {@link UpdateRing}.
 * Runs on one platform thread, because a Kafka consumer is single-threaded and polls in a tight loop.
 */
public final class UpdateFanOut implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UpdateFanOut.class);

  private final String topic;
  private final UpdateRing ring;
  private final UpdateDecoder decoder;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final ConsumerThread worker;
  private volatile Status status = new Status(0, 0, -1, 0, "starting");

  /** What health and metrics report about the consumer. */
  public record Status(int partitions, long lastPollMillis, long lag, long consumed, String error) {}

  public UpdateFanOut(Map<String, Object> kafkaProps, String topic, UpdateRing ring, Runnable onUndecodable) {
    Map<String, Object> p = ByteConsumers.readCommitted(kafkaProps, null, "latest");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    this.topic = topic;
    this.ring = ring;
    this.decoder = new UpdateDecoder(onUndecodable);
    // wake every waiting subscriber when the consumer ends, so none blocks on a ring that no longer grows
    this.worker = new ConsumerThread("gateway-fanout", p, this::run, this::stopped, ring::wakeAll);
  }

  public UpdateFanOut start() {
    worker.start();
    return this;
  }

  /** Waits until the consumer has its assignment and starting positions. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Status status() {
    return status;
  }

  private void run(KafkaConsumer<byte[], byte[]> c) {
    List<TopicPartition> tps = assignAll(c);
    c.seekToEnd(tps);
    long[] start = new long[tps.size()];
    for (TopicPartition tp : tps) {
      start[tp.partition()] = c.position(tp, Duration.ofSeconds(30));
    }
    ring.init(start);
    ready.countDown();
    log.info("fan-out consumer assigned {} partitions of {}, starting at the live tail", tps.size(), topic);
    long consumed = 0;
    while (worker.running()) {
      ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
      List<UpdateEvent> batch = new ArrayList<>(records.count());
      for (ConsumerRecord<byte[], byte[]> r : records) {
        batch.add(decoder.decode(-1, r));
      }
      ring.append(batch);
      consumed += batch.size();
      status = new Status(tps.size(), System.currentTimeMillis(), lag(c, tps), consumed, null);
    }
  }

  private void stopped(RuntimeException e) {
    if (worker.running()) {
      log.error("fan-out consumer of {} stopped: {}", topic, e.toString());
      status = new Status(status.partitions(), status.lastPollMillis(), status.lag(), status.consumed(),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> c) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < infos.size(); p++) {
          tps.add(new TopicPartition(topic, p));
        }
        c.assign(tps);
        return tps;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " has no partitions");
      }
    }
  }

  /** Records behind the log end over all partitions, from the consumer's own fetch metadata (no broker call). */
  private static long lag(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps) {
    long total = 0;
    for (TopicPartition tp : tps) {
      var l = c.currentLag(tp);
      if (l.isEmpty()) {
        return -1;
      }
      total += l.getAsLong();
    }
    return total;
  }

  @Override
  public void close() {
    worker.close();
  }
}
