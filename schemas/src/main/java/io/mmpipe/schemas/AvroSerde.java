package io.mmpipe.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one Avro serde: Avro single-object encoding (a 2-byte marker, the writer schema's 64-bit fingerprint, then
 * the binary body), so a reader always knows which schema wrote a record. Every writer schema in the
 * {@link SchemaHistory} is registered, so a record written by any released version is resolved to the current
 * reader schema; a fingerprint outside the history (a newer writer, or not our record) fails with a message that
 * names it, which is what the dead-letter reason and the skip logs show.
 *
 * <p>In registry mode ({@link #of(Class, RegistryCodec.Client)}) it writes the Schema Registry wire format instead,
 * through Apicurio's serdes. Either way it READS both formats, told apart by the first byte (0 for the registry
 * format, 0xC3 for single-object encoding), so a stack switched from one mode to the other loses nothing: records
 * written before the switch stay readable after it. A registry-format record met by a serde without a registry
 * fails with a message saying so.
 */
public final class AvroSerde<T extends SpecificRecord> extends CodecSerde<T> {

  static {
    ContractClasses.trust();
  }

  /** Single-object encoding: the marker C3 01, then the writer schema's fingerprint (8 bytes, little-endian). */
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int HEADER = 10;

  /** The first byte of a record in the Schema Registry wire format (single-object encoding starts with 0xC3). */
  static final byte REGISTRY_MAGIC = 0;

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  /**
   * Writer fingerprint to a reader resolving it to the current schema: the fast path of {@link #decode}. Avro's
   * message decoder reads the body through a byte-at-a-time stream decoder over a synchronized
   * ByteArrayInputStream (the stream processor's top self-time frame); a binary decoder over the array itself reads
   * the same bytes without either. Filled once in the constructor, read-only after.
   */
  private final Map<Long, DatumReader<T>> readers = new HashMap<>();

  private final RegistryCodec<T> registry;

  private AvroSerde(Class<T> type, SchemaHistory history, RegistryCodec<T> registry) {
    this.type = type;
    this.registry = registry;
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    for (Schema writer : history.writersOf(schema.getFullName())) {
      decoder.addSchema(writer);
      readers.put(SchemaNormalization.parsingFingerprint64(writer), reader(model, writer, schema));
    }
    readers.put(SchemaNormalization.parsingFingerprint64(schema), reader(model, schema, schema));
  }

  @SuppressWarnings("unchecked")
  private static <T> DatumReader<T> reader(SpecificData model, Schema writer, Schema reader) {
    return (DatumReader<T>) model.createDatumReader(writer, reader);
  }

  /** A serde that reads every writer schema of the released {@link SchemaHistory}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return of(type, SchemaHistory.released());
  }

  static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaHistory history) {
    return new AvroSerde<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(history, "history"), null);
  }

  /** A serde that writes the registry wire format through {@code client}'s registry, and reads both formats. */
  static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, RegistryCodec.Client client) {
    return new AvroSerde<>(Objects.requireNonNull(type, "type"), SchemaHistory.released(),
        new RegistryCodec<>(Objects.requireNonNull(client, "client")));
  }

  /** True when this serde writes the Schema Registry wire format. */
  public boolean registryMode() {
    return registry != null;
  }

  public Class<T> type() {
    return type;
  }

  @Override
  protected byte[] encode(String topic, T data) {
    if (registry != null) {
      try {
        return registry.encode(topic, data);
      } catch (RuntimeException e) {
        throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic
            + " in the registry wire format (is its schema registered under " + SchemaRegistry.valueSubject(topic)
            + "?): " + e.getMessage(), e);
      }
    }
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
    if (data.length > 0 && data[0] == REGISTRY_MAGIC) {
      return decodeRegistry(topic, data);
    }
    try {
      if (data.length >= HEADER && data[0] == MARKER_0 && data[1] == MARKER_1) {
        DatumReader<T> reader = readers.get(ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        if (reader != null) {
          return reader.read(null, DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, null));
        }
      }
      // not single-object encoded, or an unknown writer: Avro's own decoder fails with its reason
      return decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException("unknown writer schema for " + type.getSimpleName() + " on topic " + topic
          + ": fingerprint " + fingerprint(data) + " is not in the schema history (written by a newer version, or "
          + "another record type)", e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "not a " + type.getSimpleName() + " record (Avro single-object encoding) on topic " + topic + ": "
              + e.getMessage(), e);
    }
  }

  private T decodeRegistry(String topic, byte[] data) {
    String id = data.length < 5 ? "(truncated)" : String.valueOf(ByteBuffer.wrap(data, 1, 4).getInt());
    if (registry == null) {
      throw new SerializationException("a " + type.getSimpleName() + " record on topic " + topic + " is in the "
          + "Schema Registry wire format (schema id " + id + "), but this process runs without "
          + SchemaRegistry.ENV + ": set it to read records written in registry mode");
    }
    try {
      return registry.decode(topic, data);
    } catch (RuntimeException e) {
      throw new SerializationException("not a " + type.getSimpleName() + " record (registry wire format, schema id "
          + id + ") on topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /** The writer fingerprint of a single-object record, as hex (little-endian on the wire, printed as a long). */
  private static String fingerprint(byte[] data) {
    if (data.length < 10) {
      return "(truncated)";
    }
    return String.format("%016x", ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }
}
