package io.mmpipe.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * JSON serde for a Streams application's own state records (reaction sets, threads, activity windows). State is
 * private to its application, so JSON's tolerance of added fields is all the schema evolution it needs; the public
 * contracts stay Avro.
 */
public final class JsonSerde<T> extends CodecSerde<T> {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Class<T> type;
  // bound to the type once: MAPPER.readValue(bytes, type) resolved the type and its root (de)serializer on every
  // call, a tenth of the state (de)serialization time in the processor's profile (issue 12)
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonSerde(Class<T> type) {
    this.type = type;
    this.reader = MAPPER.readerFor(type);
    this.writer = MAPPER.writerFor(type);
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  protected byte[] encode(String topic, T data) {
    try {
      return writer.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException("cannot write " + type.getSimpleName(), e);
    }
  }

  @Override
  protected T decode(String topic, byte[] data) {
    try {
      return reader.readValue(data);
    } catch (IOException e) {
      throw new SerializationException("cannot read " + type.getSimpleName(), e);
    }
  }
}
