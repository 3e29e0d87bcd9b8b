package io.mmpipe.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends a state value's fields to a growing byte array: unsigned varints, zigzag longs, nullable strings. */
public final class StateWriter {

  private byte[] buf = new byte[64];
  private int size;

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  /** A non-negative int (a count, a length) in 1-5 bytes. */
  public void writeCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count " + n);
    }
    writeVarLong(n);
  }

  /** Any int (a change number); small magnitudes take few bytes. */
  public void writeInt(int v) {
    writeLong(v);
  }

  /** Any long (a time, a counter); small magnitudes take few bytes. */
  public void writeLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  /** A string or null: its UTF-8 length + 1 (0 for null), then the bytes. */
  public void writeString(String s) {
    if (s == null) {
      writeByte(0);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(utf8.length + 1L);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buf, size, utf8.length);
    size += utf8.length;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
