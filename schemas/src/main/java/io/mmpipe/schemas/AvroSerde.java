package io.mmpipe.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one Avro serde: Avro single-object encoding (a 2-byte marker, the writer schema's 64-bit fingerprint, then
 * the binary body), so a reader always knows which schema wrote a record. Older writer schemas are registered with
 * {@link #withWriterSchema(Schema)} and resolved to the current reader schema.
 */
public final class AvroSerde<T extends SpecificRecord> extends CodecSerde<T> {

  static {
    ContractClasses.trust();
  }

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(Objects.requireNonNull(type, "type"));
  }

  /** Lets this serde read records written with an older (compatible) schema. */
  public AvroSerde<T> withWriterSchema(Schema writer) {
    decoder.addSchema(writer);
    return this;
  }

  public Class<T> type() {
    return type;
  }

  @Override
  protected byte[] encode(String topic, T data) {
    try {
      ByteBuffer buf = encoder.encode(data);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected T decode(String topic, byte[] data) {
    try {
      return decoder.decode(data);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "not a " + type.getSimpleName() + " record (Avro single-object encoding) on topic " + topic + ": "
              + e.getMessage(), e);
    }
  }
}
