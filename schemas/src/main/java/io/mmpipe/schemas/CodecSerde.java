package io.mmpipe.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka plumbing every mmpipe serde shares: one object that is its own serializer and deserializer, passes
 * {@code null} (tombstones) through, and needs no configuration. Subclasses only encode and decode.
 */
public abstract class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Encodes a non-null value; throws {@link org.apache.kafka.common.errors.SerializationException} on failure. */
  protected abstract byte[] encode(String topic, T data);

  /** Decodes non-null bytes; throws {@link org.apache.kafka.common.errors.SerializationException} on failure. */
  protected abstract T decode(String topic, byte[] data);

  @Override
  public final byte[] serialize(String topic, T data) {
    return data == null ? null : encode(topic, data);
  }

  @Override
  public final T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(topic, data);
  }

  @Override
  public final Serializer<T> serializer() {
    return this;
  }

  @Override
  public final Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public final void configure(Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the type is fixed when the serde is made
  }

  @Override
  public final void close() {
    // stateless
  }
}
