package io.mmpipe.gateway.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumer settings every gateway reader of {@code mm.updates} shares, and the raw-bytes consumer they use. */
public final class ByteConsumers {

  private ByteConsumers() {}

  /**
   * A mutable copy of {@code kafkaProps} with offsets committed by hand (or not at all) and only committed records
   * visible: the stream processor writes transactionally, so a reader must never see an aborted update.
   *
   * @param groupId the consumer group, or null for a group-less consumer that assigns its partitions itself
   */
  public static Map<String, Object> readCommitted(Map<String, Object> kafkaProps, String groupId,
                                                  String autoOffsetReset) {
    Map<String, Object> p = new HashMap<>(kafkaProps);
    if (groupId == null) {
      p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    } else {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }

  /** Keys and values stay bytes: decoding happens per record so one bad record cannot stop the poll loop. */
  public static KafkaConsumer<byte[], byte[]> open(Map<String, Object> props) {
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
