package io.mmpipe.analytics.activity;

import io.mmpipe.schemas.avro.ResourceUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Windows by when the change happened in Mattermost (the update's timestamp), not when mmpipe saw it, so a post
 * caught up by polling counts in the minute it was written. Never later than the record's own timestamp (when
 * mmpipe wrote it): a server clock running ahead must not move stream time into the future, which would close
 * every open window of the partition early.
 */
public final class ChangeTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long written = record.timestamp();
    if (record.value() instanceof ResourceUpdate u && u.getTimestamp() > 0) {
      long changed = UpdateKinds.changeTimeMs(u);
      return written >= 0 ? Math.min(changed, written) : changed;
    }
    return written >= 0 ? written : Math.max(partitionTime, 0);
  }
}
