package io.mmpipe.streams.state;

import io.mmpipe.schemas.CodecSerde;
import io.mmpipe.schemas.JsonSerde;
import java.util.function.IntPredicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The serde of a state value kept as JSON (or Avro) by earlier versions: writes a compact binary form (a format byte, then
 * varints and length-prefixed UTF-8, see {@link StateWriter}) and reads both that and the JSON already in stores and
 * changelogs, so an upgrade needs no migration: an old JSON value is read as it is and written back in binary the
 * next time it changes. JSON cost a third of the extra CPU the processor spent per record over the bench's reference
 * app (issue 12: Jackson's reader and writer for every get and put of a thread, reaction set or sighting), and the
 * channel cursors' Avro single-object encoding a few percent more (written twice per advance, read per post).
 *
 * <p>The first byte tells the formats apart: JSON values start with {@code '{'} (Jackson writes no leading
 * whitespace, which is also accepted), Avro single-object encoding with {@code 0xC3}, binary ones with
 * {@link #FORMAT_V1}. A new binary layout takes the next format
 * byte and keeps the readers of the earlier ones.
 *
 * @param <T> the value type
 */
public abstract class BinaryStateSerde<T> extends CodecSerde<T> {

  /** The first byte of a binary value in the first layout (never the first byte of a JSON text). */
  public static final byte FORMAT_V1 = 1;

  private final Class<T> type;
  private final Deserializer<T> earlier;
  private final IntPredicate earlierFirstByte;

  /** For a value earlier versions kept as JSON. */
  protected BinaryStateSerde(Class<T> type) {
    this(type, JsonSerde.of(type), b -> b == '{' || Character.isWhitespace(b));
  }

  /**
   * @param earlier          reads the format earlier versions wrote
   * @param earlierFirstByte whether a value starting with this byte is in that format
   */
  protected BinaryStateSerde(Class<T> type, Deserializer<T> earlier, IntPredicate earlierFirstByte) {
    if (earlierFirstByte.test(FORMAT_V1)) {
      throw new IllegalArgumentException("the earlier format must not start with the binary format byte");
    }
    this.type = type;
    this.earlier = earlier;
    this.earlierFirstByte = earlierFirstByte;
  }

  /** Writes the value's fields (the format byte is written already). */
  protected abstract void write(StateWriter out, T value);

  /** Reads what {@link #write} wrote. */
  protected abstract T read(StateReader in);

  @Override
  protected final byte[] encode(String topic, T data) {
    StateWriter out = new StateWriter();
    out.writeByte(FORMAT_V1);
    write(out, data);
    return out.toByteArray();
  }

  @Override
  protected final T decode(String topic, byte[] data) {
    if (data.length == 0) {
      throw new SerializationException("empty " + type.getSimpleName());
    }
    byte format = data[0];
    if (format == FORMAT_V1) {
      StateReader in = new StateReader(data, 1);
      T value = read(in);
      in.requireEnd(type);
      return value;
    }
    if (earlierFirstByte.test(format)) {
      return earlier.deserialize(topic, data); // written before the binary format
    }
    throw new SerializationException("unknown state format " + format + " for " + type.getSimpleName());
  }
}
