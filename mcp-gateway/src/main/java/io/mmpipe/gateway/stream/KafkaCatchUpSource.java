package io.mmpipe.gateway.stream;

import io.mmpipe.gateway.kafka.ByteConsumers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Catch-up readers backed by a dedicated consumer per resuming subscriber: no group, its own assignment of every
 * partition, seeked to the subscriber's token. It lives only until the subscriber reaches the live ring.
 */
public final class KafkaCatchUpSource implements CatchUpSource {

  private final Map<String, Object> props;
  private final String topic;
  private final UpdateDecoder decoder;

  public KafkaCatchUpSource(Map<String, Object> kafkaProps, String topic, Runnable onUndecodable) {
    // a token below the log start (retention removed it) can only continue from the oldest record still there
    Map<String, Object> p = ByteConsumers.readCommitted(kafkaProps, null, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    this.props = Map.copyOf(p);
    this.topic = topic;
    this.decoder = new UpdateDecoder(onUndecodable);
  }

  @Override
  public CatchUp open(long[] positions) {
    KafkaConsumer<byte[], byte[]> consumer = ByteConsumers.open(props);
    List<TopicPartition> tps = new ArrayList<>();
    try {
      for (int p = 0; p < positions.length; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      for (int p = 0; p < positions.length; p++) {
        consumer.seek(tps.get(p), positions[p]);
      }
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    return new CatchUp() {
      @Override
      public List<UpdateEvent> poll(Duration timeout) {
        List<UpdateEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
          out.add(decoder.decode(-1, r));
        }
        return out;
      }

      @Override
      public long position(int partition) {
        // known without a broker call once set by the seek and moved by fetches; unknown (-1) otherwise
        try {
          return partition < tps.size() ? consumer.position(tps.get(partition), Duration.ZERO) : -1;
        } catch (TimeoutException e) {
          return -1;
        }
      }

      @Override
      public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
      }
    };
  }
}
