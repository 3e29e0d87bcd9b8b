package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.avro.ResourceUpdate;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * How the value bytes of one topic become the {@link ResourceUpdate} every subscriber sees. {@code mm.updates} holds
 * ResourceUpdates already; another stream (broadcasts) maps its own record to that shape, so the ring, the
 * subscriptions and every transport stay the same for it.
 */
@FunctionalInterface
public interface UpdateReader {

  /**
   * @return the update, or null for a record that carries none (a tombstone)
   * @throws RuntimeException for bytes that cannot be decoded (counted and skipped by the caller)
   */
  ResourceUpdate read(String topic, byte[] value);

  /** The records of {@code mm.updates} in single-object encoding (tests, tools without a registry). */
  static UpdateReader resourceUpdates() {
    AvroSerde<ResourceUpdate> serde = AvroSerde.of(ResourceUpdate.class);
    return serde::deserialize;
  }

  /** The records of {@code topic} with its own serde: both encodings, registry mode included. */
  static UpdateReader resourceUpdates(Topic<String, ResourceUpdate> topic) {
    Deserializer<ResourceUpdate> d = topic.valueSerde().deserializer();
    return d::deserialize;
  }
}
