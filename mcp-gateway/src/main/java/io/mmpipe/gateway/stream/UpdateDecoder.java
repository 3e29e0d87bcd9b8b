package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw records into {@link UpdateEvent}s. Values are read as bytes and decoded here, not by the consumer, so a
 * record that cannot be decoded is counted and skipped instead of wedging the consumer on the same offset forever.
 */
final class UpdateDecoder {

  private static final Logger log = LoggerFactory.getLogger(UpdateDecoder.class);
  private final UpdateReader reader;
  private final Runnable onUndecodable;

  UpdateDecoder(Runnable onUndecodable) {
    this(UpdateReader.resourceUpdates(), onUndecodable);
  }

  UpdateDecoder(UpdateReader reader, Runnable onUndecodable) {
    this.reader = reader;
    this.onUndecodable = onUndecodable;
  }

  UpdateEvent decode(long seq, ConsumerRecord<byte[], byte[]> r) {
    try {
      ResourceUpdate u = reader.read(r.topic(), r.value());
      if (u != null) {
        return new UpdateEvent(seq, r.partition(), r.offset(), u, UpdateJson.of(u));
      }
    } catch (RuntimeException e) {
      log.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
    onUndecodable.run();
    return new UpdateEvent(seq, r.partition(), r.offset(), null, null);
  }
}
