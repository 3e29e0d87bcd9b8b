package io.mmpipe.gateway.analytics;

import io.mmpipe.gateway.kafka.ByteConsumers;
import io.mmpipe.gateway.kafka.ConsumerThread;
import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.avro.ChannelActivity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code mm.analytics.channel-activity} from its beginning into the {@link ActivityBoard}, with no consumer
 * group (every gateway instance holds the whole board). The topic exists only when the analytics job runs: until
 * it does, the reader looks again every few seconds and never creates it.
 */
public final class ActivityReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActivityReader.class);
  static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

  private final String topic;
  private final ActivityBoard board;
  private final Topic<String, ChannelActivity> contract;
  private final ConsumerThread thread;
  private final AtomicLong undecodable = new AtomicLong();
  private volatile boolean assigned;

  public ActivityReader(Map<String, Object> kafka, Topic<String, ChannelActivity> contract, ActivityBoard board) {
    this.topic = contract.name();
    this.board = board;
    this.contract = contract;
    Map<String, Object> props = ByteConsumers.readCommitted(kafka, null, "earliest");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.thread = new ConsumerThread("gateway-analytics", props, this::loop,
        e -> log.warn("reading {} failed, starting again: {}", topic, e.toString()), () -> assigned = false,
        new ConsumerThread.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  public ActivityReader start() {
    thread.start();
    return this;
  }

  private void loop(KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException {
    List<TopicPartition> partitions = List.of();
    while (thread.running() && partitions.isEmpty()) {
      partitions = partitions(consumer);
      if (partitions.isEmpty()) {
        for (long waited = 0; thread.running() && waited < LOOK_AGAIN.toMillis(); waited += 200) {
          Thread.sleep(200);
        }
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    assigned = true;
    log.info("reading {} ({} partitions) into the activity board", topic, partitions.size());
    while (thread.running()) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
        if (r.value() == null) {
          continue; // a tombstone: no window to show
        }
        try {
          board.put(contract.valueSerde().deserializer().deserialize(topic, r.value()));
        } catch (RuntimeException e) {
          if (undecodable.incrementAndGet() == 1) {
            log.warn("{}-{}@{} is not a ChannelActivity (further ones are only counted): {}", r.topic(),
                r.partition(), r.offset(), e.getMessage());
          }
        }
      }
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (TimeoutException e) {
      return List.of();
    }
  }

  /** True once the topic exists and is being read. */
  public boolean reading() {
    return assigned;
  }

  public long undecodable() {
    return undecodable.get();
  }

  @Override
  public void close() {
    thread.close();
  }
}
