package io.mmpipe.streams.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link StateWriter} wrote; a truncated or malformed value is a {@link SerializationException}. */
public final class StateReader {

  private final byte[] buf;
  private int pos;

  public StateReader(byte[] buf, int offset) {
    this.buf = buf;
    this.pos = offset;
  }

  public int readByte() {
    if (pos >= buf.length) {
      throw new SerializationException("state value truncated at byte " + pos);
    }
    return buf[pos++];
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public int readCount() {
    long n = readVarLong();
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new SerializationException("bad count " + n + " at byte " + pos);
    }
    return (int) n;
  }

  public int readInt() {
    long v = readLong();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new SerializationException("bad int " + v + " at byte " + pos);
    }
    return (int) v;
  }

  public long readLong() {
    long z = readVarLong();
    return (z >>> 1) ^ -(z & 1);
  }

  public String readString() {
    long n = readVarLong();
    if (n == 0) {
      return null;
    }
    int len = (int) (n - 1);
    if (n - 1 > buf.length - pos) {
      throw new SerializationException("string of " + (n - 1) + " bytes past the end at byte " + pos);
    }
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** Whether every byte was read: a field added at the end of a layout is absent from values written before it. */
  public boolean atEnd() {
    return pos >= buf.length;
  }

  /** Fails unless every byte was read: a value of another layout is refused, not half read. */
  public void requireEnd(Class<?> type) {
    if (pos != buf.length) {
      throw new SerializationException((buf.length - pos) + " bytes left after a " + type.getSimpleName());
    }
  }

  private long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new SerializationException("varint too long at byte " + pos);
  }
}
