package io.mmpipe.gateway.stream;

import io.mmpipe.gateway.kafka.ByteConsumers;
import io.mmpipe.gateway.kafka.ConsumerThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live consumer of {@code mm.updates}: its own assignment of every partition (no consumer group, so every
 * gateway instance sees every update), starting at the end, appending each record to the {@link UpdateRing}.
 * Runs on one platform thread, because a Kafka consumer is single-threaded and polls in a tight loop.
 *
 * <p>It does not stay dead: when the loop fails (an error, or the broker not answering the periodic probe within
 * {@link #PROBE_TIMEOUT}), the consumer is replaced after a capped backoff and continues at the ring's own position,
 * so the ring has no gap and subscribers' tokens stay valid. Meanwhile {@link #status()} carries the error, which
 * makes {@code /health} DOWN and the transports refuse new subscribers.
 *
 * <p>When the ring's position is no longer in the log (retention deleted records it had not read, during a long
 * outage or while it lagged) or the topic was deleted and created again ({@link #watchEpoch}), the consumer does not
 * jump silently: it appends a reset marker ({@link UpdateEvent#marker}) saying what was lost and where it continues,
 * and every live subscriber that passes the marker gets a {@link Subscription.Reset}.
 */
public final class UpdateFanOut implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UpdateFanOut.class);
  /**
   * How often the consumer asks the broker for the log end. A group-less consumer's poll never fails when the broker
   * is gone (it returns nothing), so without this question an outage would look like a quiet topic.
   */
  static final Duration PROBE_EVERY = Duration.ofSeconds(5);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  /** A consumer that has not polled for this long is considered stuck. */
  public static final Duration POLL_STALE = Duration.ofSeconds(15);
  static final ConsumerThread.Backoff RESTART = new ConsumerThread.Backoff(Duration.ofMillis(500),
      Duration.ofSeconds(15));

  private final String topic;
  private final UpdateRing ring;
  private final UpdateDecoder decoder;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final ConsumerThread worker;
  private final AtomicLong restarts = new AtomicLong();
  private volatile Status status = new Status(0, 0, -1, 0, "starting");
  private volatile LogExtent extent = LogExtent.UNKNOWN;
  private long consumed; // only the consumer thread writes it

  /** What health and metrics report about the consumer. */
  public record Status(int partitions, long lastPollMillis, long lag, long consumed, String error) {

    /** Polling, recently, without an error: what {@code /health} calls UP and what new subscribers need. */
    public boolean healthy(long nowMillis) {
      long since = lastPollMillis == 0 ? -1 : nowMillis - lastPollMillis;
      return error == null && partitions > 0 && since >= 0 && since < POLL_STALE.toMillis();
    }
  }

  public UpdateFanOut(Map<String, Object> kafkaProps, String topic, UpdateRing ring, Runnable onUndecodable) {
    this(kafkaProps, topic, ring, UpdateReader.resourceUpdates(), "gateway-fanout", onUndecodable);
  }

  /**
   * A fan-out of another topic whose records {@code reader} turns into updates (the broadcasts), on a thread of its
   * own name.
   */
  public UpdateFanOut(Map<String, Object> kafkaProps, String topic, UpdateRing ring, UpdateReader reader,
                      String threadName, Runnable onUndecodable) {
    // no automatic reset: the start seeks to the end itself, and a position that left the log must become a reset
    // marker with the lost offsets, not a silent jump
    Map<String, Object> p = ByteConsumers.readCommitted(kafkaProps, null, "none");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    this.topic = topic;
    this.ring = ring;
    this.decoder = new UpdateDecoder(reader, onUndecodable);
    // wake every waiting subscriber when the consumer ends, so none blocks on a ring that no longer grows
    this.worker = new ConsumerThread(threadName, p, this::run, this::failed, ring::wakeAll, RESTART);
  }

  /**
   * Where the topic's epoch is learned: asked again whenever the consumer is replaced, so that a topic recreated
   * meanwhile is noticed (a reset marker) and tokens issued afterwards carry the new epoch.
   */
  public UpdateFanOut watchEpoch(LogExtent extent) {
    this.extent = extent;
    return this;
  }

  public UpdateFanOut start() {
    worker.start();
    return this;
  }

  /** Waits until the consumer has its assignment and starting positions and has polled once. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Status status() {
    return status;
  }

  /** True while the consumer reads {@code mm.updates} normally (see {@link Status#healthy}). */
  public boolean live() {
    return status.healthy(System.currentTimeMillis());
  }

  /** How many times the consumer was replaced after a failure. */
  public long restarts() {
    return restarts.get();
  }

  private void run(KafkaConsumer<byte[], byte[]> c) {
    List<TopicPartition> tps = assignAll(c);
    if (ring.initialized()) {
      // a replacement: continue exactly where the ring ends, so nothing is skipped or appended twice
      tps = List.copyOf(tps.subList(0, Math.min(tps.size(), ring.partitions())));
      c.assign(tps);
      int known = extent.epoch();
      int now = extent.refreshEpoch();
      if (known != ResumeToken.NO_EPOCH && now != known) {
        recreated(c, tps, now);
      } else {
        long[] at = ring.current();
        for (TopicPartition tp : tps) {
          c.seek(tp, at[tp.partition()]);
        }
      }
    } else {
      c.seekToEnd(tps);
      long[] start = new long[tps.size()];
      for (TopicPartition tp : tps) {
        start[tp.partition()] = c.position(tp, Duration.ofSeconds(30));
      }
      ring.init(start);
    }
    // the status turns healthy only after a poll succeeded: a replacement that fails at once stays DOWN
    long lag = probe(c, tps);
    log.info("fan-out consumer assigned {} partitions of {}, {}", tps.size(), topic,
        restarts.get() == 0 ? "starting at the live tail" : "continuing where the ring ends");
    long nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
    while (worker.running()) {
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = c.poll(Duration.ofMillis(100));
      } catch (OffsetOutOfRangeException e) {
        outOfRange(c, tps, e);
        continue;
      }
      List<UpdateEvent> batch = new ArrayList<>(records.count());
      for (ConsumerRecord<byte[], byte[]> r : records) {
        batch.add(decoder.decode(-1, r));
      }
      ring.append(batch);
      consumed += batch.size();
      if (System.nanoTime() - nextProbe >= 0) {
        lag = probe(c, tps);
        nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
      } else {
        lag = lag(c, tps, lag);
      }
      status = new Status(tps.size(), System.currentTimeMillis(), lag, consumed, null);
      ready.countDown(); // ready once healthy: a gateway that has started accepts subscribers at once
    }
  }

  /**
   * The topic was deleted and created again: everything after the ring's position in the old topic is lost, the
   * consumer continues at the start of the new one.
   */
  private void recreated(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps, int epoch) {
    long[] was = ring.current();
    c.seekToBeginning(tps);
    long[] restart = new long[was.length];
    List<ResumeGap.Lost> lost = new ArrayList<>();
    for (TopicPartition tp : tps) {
      restart[tp.partition()] = c.position(tp, PROBE_TIMEOUT);
      lost.add(new ResumeGap.Lost(tp.partition(), was[tp.partition()], null));
    }
    reset(new ResumeGap(ResumeGap.Cause.TOPIC_RECREATED, lost, restart), epoch);
  }

  /** Positions outside the log: retention deleted what the ring had not read yet, or the topic was recreated. */
  private void outOfRange(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps, OffsetOutOfRangeException e) {
    int known = extent.epoch();
    int now = extent.refreshEpoch();
    if (known != ResumeToken.NO_EPOCH && now != known) {
      recreated(c, tps, now);
      return;
    }
    reset(OutOfRange.skip(c, e.offsetOutOfRangePartitions(), ring.partitions()), now);
  }

  private void reset(ResumeGap gap, int epoch) {
    log.warn("fan-out consumer of {} could not read part of the log ({}): lost {}, continuing at {}", topic,
        gap.cause().wire(), gap.lost(), Arrays.toString(gap.restart()));
    ring.append(List.of(UpdateEvent.marker(gap, epoch)));
  }

  /**
   * Asks the broker for the log end of every partition; throws (ending this consumer's life) when it does not
   * answer in time. Returns the records behind the log end.
   */
  private static long probe(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps) {
    Map<TopicPartition, Long> ends = c.endOffsets(tps, PROBE_TIMEOUT);
    long total = 0;
    for (TopicPartition tp : tps) {
      total += Math.max(0, ends.getOrDefault(tp, 0L) - c.position(tp, PROBE_TIMEOUT));
    }
    return total;
  }

  private void failed(RuntimeException e) {
    restarts.incrementAndGet();
    log.error("fan-out consumer of {} failed, replacing it after a backoff (subscribers keep their place): {}",
        topic, e.toString());
    status = new Status(status.partitions(), status.lastPollMillis(), status.lag(), status.consumed(),
        e.getClass().getSimpleName() + ": " + e.getMessage());
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

  /**
   * Records behind the log end over all partitions, from the consumer's own fetch metadata (no broker call), or
   * {@code last} (the probe's answer) when a partition has no fetch metadata yet.
   */
  private static long lag(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> tps, long last) {
    long total = 0;
    for (TopicPartition tp : tps) {
      var l = c.currentLag(tp);
      if (l.isEmpty()) {
        return last;
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
