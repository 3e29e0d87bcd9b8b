package io.mmpipe.analytics.activity;

import io.mmpipe.schemas.avro.ChannelActivity;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every window of a channel on the partition its updates have on mm.updates (the producer's default hash of
 * the channel id), not on the hash of the whole window key: one channel's activity stays in order on one partition,
 * and with the same partition count (the job creates the topic so) it is co-partitioned with mm.updates for joins.
 */
public final class ChannelPartitioner implements StreamPartitioner<String, ChannelActivity> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, ChannelActivity value, int numPartitions) {
    return Optional.of(Set.of(of(value.getChannelId(), numPartitions)));
  }

  /** The partition Kafka's default partitioner gives a String key. */
  public static int of(String channelId, int numPartitions) {
    return Utils.toPositive(Utils.murmur2(channelId.getBytes(StandardCharsets.UTF_8))) % numPartitions;
  }
}
