package io.mmpipe.gateway.stream;

import io.mmpipe.gateway.kafka.ByteConsumers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up readers backed by a dedicated consumer per resuming subscriber: no group, its own assignment of every
 * partition, seeked to the subscriber's token, polled and decoded on a read-ahead thread ({@link ReadAhead}). It
 * lives only until the subscriber reaches the live ring.
 *
 * <p>Also the gateway's view of the log ({@link LogExtent}): the topic's epoch, read at start and again whenever the
 * fan-out replaces its consumer, is what this instance's tokens carry; {@link #bounds} asks the broker afresh, so a
 * token is checked against the log as it is.
 */
public final class KafkaCatchUpSource implements CatchUpSource, LogExtent, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaCatchUpSource.class);
  private static final long ADMIN_TIMEOUT_SECONDS = 15;

  private final Map<String, Object> props;
  private final String topic;
  private final UpdateDecoder decoder;
  private final Admin admin;
  private volatile int epoch;

  public KafkaCatchUpSource(Map<String, Object> kafkaProps, String topic, Runnable onUndecodable) {
    this(kafkaProps, topic, UpdateReader.resourceUpdates(), onUndecodable);
  }

  /** Readers of another topic whose records {@code reader} turns into updates (the broadcasts). */
  public KafkaCatchUpSource(Map<String, Object> kafkaProps, String topic, UpdateReader reader,
                            Runnable onUndecodable) {
    // no automatic reset: a position that leaves the log while a reader reads (retention) must become a reset
    // signal with the lost offsets, not a silent jump to the oldest record
    Map<String, Object> p = ByteConsumers.readCommitted(kafkaProps, null, "none");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    this.props = Map.copyOf(p);
    this.topic = topic;
    this.decoder = new UpdateDecoder(reader, onUndecodable);
    Map<String, Object> a = new HashMap<>(kafkaProps);
    a.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    this.admin = Admin.create(a);
    try {
      this.epoch = currentEpoch();
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public int refreshEpoch() {
    epoch = currentEpoch();
    return epoch;
  }

  @Override
  public Bounds bounds(int partitions) {
    List<TopicPartition> tps = partitionsOf(partitions);
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition tp : tps) {
      earliest.put(tp, OffsetSpec.earliest());
      latest.put(tp, OffsetSpec.latest());
    }
    int now = currentEpoch();
    Map<TopicPartition, ListOffsetsResultInfo> first = await(admin.listOffsets(earliest).all(), "log start");
    Map<TopicPartition, ListOffsetsResultInfo> next = await(admin.listOffsets(latest).all(), "log end");
    long[] start = new long[partitions];
    long[] end = new long[partitions];
    for (TopicPartition tp : tps) {
      start[tp.partition()] = first.get(tp).offset();
      end[tp.partition()] = next.get(tp).offset();
    }
    return new Bounds(now, start, end);
  }

  @Override
  public long[] offsetsAt(long epochMillis, int partitions) {
    Map<TopicPartition, OffsetSpec> at = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition tp : partitionsOf(partitions)) {
      at.put(tp, OffsetSpec.forTimestamp(epochMillis));
      latest.put(tp, OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> found = await(admin.listOffsets(at).all(), "offsets by time");
    Map<TopicPartition, ListOffsetsResultInfo> end = await(admin.listOffsets(latest).all(), "log end");
    long[] out = new long[partitions];
    for (TopicPartition tp : partitionsOf(partitions)) {
      long o = found.get(tp).offset();
      // -1: no record that new, so the partition starts at its end
      out[tp.partition()] = o < 0 ? end.get(tp).offset() : o;
    }
    return out;
  }

  private int currentEpoch() {
    var described = await(admin.describeTopics(List.of(topic)).allTopicNames(), "topic id");
    return TopicEpoch.of(described.get(topic).topicId());
  }

  private <T> T await(KafkaFuture<T> f, String what) {
    try {
      return f.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the " + what + " of " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot read the " + what + " of " + topic + ": " + cause.getMessage(), cause);
    }
  }

  private List<TopicPartition> partitionsOf(int partitions) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    return tps;
  }

  @Override
  public CatchUp open(long[] positions) {
    KafkaConsumer<byte[], byte[]> consumer = ByteConsumers.open(props);
    List<TopicPartition> tps = new ArrayList<>();
    try {
      tps.addAll(partitionsOf(positions.length));
      consumer.assign(tps);
      for (int p = 0; p < positions.length; p++) {
        consumer.seek(tps.get(p), positions[p]);
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    return new ReadAhead(new ReadAhead.Fetch() {
      @Override
      public ReadAhead.Batch fetch(Duration timeout) {
        List<UpdateEvent> out = new ArrayList<>();
        ResumeGap gap = null;
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            out.add(decoder.decode(-1, r));
          }
        } catch (OffsetOutOfRangeException e) {
          gap = OutOfRange.skip(consumer, e.offsetOutOfRangePartitions(), positions.length);
        } catch (WakeupException e) {
          return new ReadAhead.Batch(List.of(), null, null); // closing
        }
        return new ReadAhead.Batch(out, positions(), gap);
      }

      /** Known without a broker call once set by the seek and moved by fetches; unknown (-1) otherwise. */
      private long[] positions() {
        long[] next = new long[tps.size()];
        for (int p = 0; p < next.length; p++) {
          try {
            next[p] = consumer.position(tps.get(p), Duration.ZERO);
          } catch (KafkaException e) { // a timeout, or no valid position after a lost range: not known now
            next[p] = -1;
          }
        }
        return next;
      }

      @Override
      public void wakeup() {
        consumer.wakeup();
      }

      @Override
      public void close() {
        try {
          consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        } catch (KafkaException e) {
          log.debug("catch-up consumer did not close cleanly: {}", e.toString());
        }
      }
    }, ReadAhead.DEFAULT_DEPTH);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
