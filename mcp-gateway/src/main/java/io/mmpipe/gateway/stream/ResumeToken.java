package io.mmpipe.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32;

/**
 * The SSE/WebSocket resume token: a subscriber's position in every partition of {@code mm.updates} (the next offset
 * to read per partition), encoded compactly and URL-safely.
 *
 * <p>Layout: the version character {@code '2'}, then unpadded base64url of
 * {@code [epoch, 4 bytes][varint partition count][varint next offset]... [CRC32 of topic name + preceding bytes,
 * 4 bytes]}. The checksum binds a token to its topic name, so a token from another deployment or a mistyped one is
 * refused instead of silently replaying from a wrong place; the epoch (from the topic's id, {@link TopicEpoch})
 * binds it to one incarnation of the topic, so a token from before the topic was deleted and created again is
 * recognised as such ({@link UpdateStreams} answers it with a reset). Version {@code '1'} tokens (no epoch, issued
 * before epochs existed) are still read; their epoch reads as {@link #NO_EPOCH}.
 */
public final class ResumeToken {

  static final char VERSION = '2';
  static final char VERSION_1 = '1';
  /** The epoch of a version-1 token: unknown, so only its offsets can be checked against the log. */
  public static final int NO_EPOCH = 0;
  /** More partitions than any sane deployment; bounds the work a hostile token can cause. */
  static final int MAX_PARTITIONS = 10_000;
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private ResumeToken() {}

  /** A decoded token: the epoch it was issued in ({@link #NO_EPOCH} for version 1) and its next offsets. */
  public record Position(int epoch, long[] next) {}

  /**
   * A token for a position in the topic incarnation {@code epoch}: version 2, or version 1 when the epoch is
   * {@link #NO_EPOCH} (a gateway without a view of the log writes what gateways before epochs wrote).
   *
   * <p>Every delivered event carries one, so this writes into one array and base64url-encodes by hand into the
   * string's own bytes (the JDK's encoder and a stream cost a catch-up backlog several copies per event).
   */
  public static String encode(String topic, int epoch, long[] nextOffsets) {
    int slot = slot(epoch, nextOffsets);
    Memo m = MEMO.get(slot);
    if (m != null && m.epoch == epoch && (m.topic == topic || m.topic.equals(topic))
        && Arrays.equals(m.next, nextOffsets)) {
      return m.token;
    }
    String token = write(topic, epoch, nextOffsets);
    MEMO.set(slot, new Memo(topic, epoch, nextOffsets.clone(), token));
    return token;
  }

  /**
   * The same token as {@link #encode(String, int, long[])}, written without the memo: for a position no other
   * subscriber shares, a catch-up's. A subscriber replaying a backlog moves to a new position with every event, so
   * the memo only cost it a lookup, a copy and a store per event, and evicted the live subscribers' shared tokens.
   */
  static String encodeUnshared(String topic, int epoch, long[] nextOffsets) {
    return write(topic, epoch, nextOffsets);
  }

  /**
   * The last tokens written, one per slot (a direct-mapped cache of fixed size). Live subscribers that passed the
   * same updates stand at the same position, so ten thousand of them are handed the same token with each update:
   * written once, not ten thousand times. A token is a function of its inputs, so a hit is always right.
   */
  private static final int MEMO_SLOTS = 1024;
  private static final AtomicReferenceArray<Memo> MEMO = new AtomicReferenceArray<>(MEMO_SLOTS);

  private record Memo(String topic, int epoch, long[] next, String token) {}

  private static int slot(int epoch, long[] nextOffsets) {
    int h = Arrays.hashCode(nextOffsets) * 31 + epoch;
    h ^= h >>> 16;
    return h & (MEMO_SLOTS - 1);
  }

  /** The memo's size: fixed, whatever was encoded (tests bound it). */
  static int memoSlots() {
    return MEMO.length();
  }

  private static String write(String topic, int epoch, long[] nextOffsets) {
    char version = epoch == NO_EPOCH ? VERSION_1 : VERSION;
    byte[] b = new byte[4 + 5 + nextOffsets.length * 10 + 4];
    int n = 0;
    if (version == VERSION) {
      n = writeInt(b, n, epoch);
    }
    n = writeVarint(b, n, nextOffsets.length);
    for (long o : nextOffsets) {
      if (o < 0) {
        throw new IllegalArgumentException("negative offset " + o);
      }
      n = writeVarint(b, n, o);
    }
    n = writeInt(b, n, checksum(topic, version, b, n));
    return base64url(version, b, n);
  }

  /** A version-1 token (no epoch), as gateways wrote them before epochs; still accepted by {@link #read}. */
  public static String encode(String topic, long[] nextOffsets) {
    return encode(topic, NO_EPOCH, nextOffsets);
  }

  private static int writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
    return at + 4;
  }

  /** {@code version} then unpadded base64url (RFC 4648 section 5) of {@code b[0, n)}. */
  private static String base64url(char version, byte[] b, int n) {
    byte[] out = new byte[1 + (n * 4 + 2) / 3];
    out[0] = (byte) version;
    int o = 1;
    int i = 0;
    for (; i + 3 <= n; i += 3) {
      int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
      out[o++] = ALPHABET[v >>> 18];
      out[o++] = ALPHABET[(v >>> 12) & 63];
      out[o++] = ALPHABET[(v >>> 6) & 63];
      out[o++] = ALPHABET[v & 63];
    }
    if (i < n) {
      int v = (b[i] & 0xff) << 16 | (i + 1 < n ? (b[i + 1] & 0xff) << 8 : 0);
      out[o++] = ALPHABET[v >>> 18];
      out[o++] = ALPHABET[(v >>> 12) & 63];
      if (i + 1 < n) {
        out[o++] = ALPHABET[(v >>> 6) & 63];
      }
    }
    return new String(out, 0, o, StandardCharsets.ISO_8859_1);
  }

  /** The next offsets of a token of either version (see {@link #read}). */
  public static long[] decode(String topic, String token, int partitions) {
    return read(topic, token, partitions).next();
  }

  /**
   * Decodes a token for a topic that has {@code partitions} partitions. A token written when the topic had fewer
   * partitions is accepted: the partitions it does not know are read from offset 0 (they are newer than the token).
   *
   * @throws InvalidTokenException with a message fit for a client when the token is not a valid one for this topic
   */
  public static Position read(String topic, String token, int partitions) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("resume token is empty");
    }
    if (token.length() > 12 + MAX_PARTITIONS * 14) {
      throw new InvalidTokenException("resume token is too long");
    }
    char version = token.charAt(0);
    if (version != VERSION && version != VERSION_1) {
      throw new InvalidTokenException("resume token version '" + token.charAt(0) + "' is not supported");
    }
    byte[] all;
    try {
      all = DEC.decode(token.substring(1).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("resume token is not base64url");
    }
    int head = version == VERSION ? 4 : 0;
    if (all.length < head + 5) {
      throw new InvalidTokenException("resume token is truncated");
    }
    int bodyLen = all.length - 4;
    int expected = ((all[bodyLen] & 0xff) << 24) | ((all[bodyLen + 1] & 0xff) << 16)
        | ((all[bodyLen + 2] & 0xff) << 8) | (all[bodyLen + 3] & 0xff);
    if (checksum(topic, version, all, bodyLen) != expected) {
      throw new InvalidTokenException("resume token checksum does not match (corrupted, or from another topic)");
    }
    int epoch = version == VERSION
        ? ((all[0] & 0xff) << 24) | ((all[1] & 0xff) << 16) | ((all[2] & 0xff) << 8) | (all[3] & 0xff)
        : NO_EPOCH;
    int[] pos = {head};
    long count = readVarint(all, bodyLen, pos);
    if (count < 1 || count > MAX_PARTITIONS) {
      throw new InvalidTokenException("resume token has an invalid partition count");
    }
    if (count > partitions) {
      throw new InvalidTokenException("resume token has " + count + " partitions but the topic has " + partitions);
    }
    long[] next = new long[partitions];
    for (int p = 0; p < count; p++) {
      next[p] = readVarint(all, bodyLen, pos);
    }
    if (pos[0] != bodyLen) {
      throw new InvalidTokenException("resume token has trailing bytes");
    }
    return new Position(epoch, next);
  }

  private static int checksum(String topic, char version, byte[] body, int len) {
    CRC32 crc = new CRC32();
    crc.update(topic.getBytes(StandardCharsets.UTF_8));
    if (version != VERSION_1) {
      crc.update(version); // so a body of one version is never read as the other
    }
    crc.update(body, 0, len);
    return (int) crc.getValue();
  }

  private static int writeVarint(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  private static long readVarint(byte[] b, int limit, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (pos[0] >= limit) {
        throw new InvalidTokenException("resume token is truncated");
      }
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new InvalidTokenException("resume token has an oversized number");
  }

  /** A token that cannot be used; its message is safe to show to the client. */
  public static final class InvalidTokenException extends IllegalArgumentException {
    public InvalidTokenException(String message) {
      super(message);
    }
  }
}
