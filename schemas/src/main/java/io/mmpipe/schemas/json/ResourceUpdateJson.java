package io.mmpipe.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON shape every subscriber sees (DESIGN.md "ResourceUpdate"):
 * {@code {"resource_uri":…,"update_type":…,"data":{…},"timestamp":1672531200.123,"event_id":…}}.
 * {@code data} is written as the JSON object it holds, never as a string.
 *
 * <p>Written straight into UTF-8 bytes, the text Jackson's generator writes for it (strings escaped by its default
 * rules: quote, backslash and control characters, the latter by their short form where JSON has one and as a
 * six-character hex escape otherwise; everything else as is): every update a gateway reads is written once, and a catch-up writes a
 * backlog of them, where a generator over a synchronized writer and a BigDecimal per timestamp were half the cost.
 */
public final class ResourceUpdateJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] URI = ascii("{\"resource_uri\":");
  private static final byte[] TYPE = ascii(",\"update_type\":");
  private static final byte[] DATA = ascii(",\"data\":");
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
  private static final byte[] EVENT_ID = ascii(",\"event_id\":");
  private static final byte[] NULL = ascii("null");
  private static final byte[] HEX = ascii("0123456789ABCDEF");

  private ResourceUpdateJson() {}

  public static String write(ResourceUpdate u) {
    return new String(utf8(u), StandardCharsets.UTF_8);
  }

  /** The same JSON as {@link #write}, as UTF-8 (what a transport sends). */
  public static byte[] utf8(ResourceUpdate u) {
    String uri = u.getResourceUri();
    String type = u.getUpdateType();
    String id = u.getEventId();
    byte[] data = u.getDataJson().getBytes(StandardCharsets.UTF_8);
    byte[] ts = timestamp(u.getTimestamp());
    // exact when the strings need no escaping (every update we write); the slow path grows the buffer
    Out o = new Out(URI.length + TYPE.length + DATA.length + TIMESTAMP.length + EVENT_ID.length + 1
        + length(uri) + length(type) + data.length + ts.length + length(id));
    o.put(URI).string(uri).put(TYPE).string(type).put(DATA).put(data).put(TIMESTAMP).put(ts).put(EVENT_ID).string(id)
        .put((byte) '}');
    return o.bytes();
  }

  private static int length(String s) {
    return s == null ? NULL.length : s.length() + 2;
  }

  /**
   * Seconds with exactly millisecond precision, as the original design shows it (1672531200.123): the plain text of
   * {@code BigDecimal.valueOf(Math.round(seconds * 1000), 3)}, so always three decimals (0.000, -0.005).
   */
  static byte[] timestamp(double seconds) {
    long millis = Math.round(seconds * 1000);
    String digits = Long.toString(millis);
    boolean negative = millis < 0;
    int from = negative ? 1 : 0;
    int n = digits.length() - from; // at least one digit
    int whole = Math.max(1, n - 3);
    byte[] out = new byte[from + whole + 4];
    int at = 0;
    if (negative) {
      out[at++] = '-';
    }
    int zeros = Math.max(0, 4 - n); // 5 -> 0.005
    for (int i = 0; i < whole + 3; i++) {
      char c = i < zeros ? '0' : digits.charAt(from + i - zeros);
      if (i == whole) {
        out[at++] = '.';
      }
      out[at++] = (byte) c;
    }
    return out;
  }

  /** A growing byte buffer; sized exactly for an update whose strings need no escaping. */
  private static final class Out {
    private byte[] b;
    private int n;

    Out(int size) {
      b = new byte[size];
    }

    Out put(byte[] bytes) {
      room(bytes.length);
      System.arraycopy(bytes, 0, b, n, bytes.length);
      n += bytes.length;
      return this;
    }

    Out put(byte v) {
      room(1);
      b[n++] = v;
      return this;
    }

    /** {@code s} as a JSON string, or {@code null}. */
    Out string(String s) {
      if (s == null) {
        return put(NULL);
      }
      int len = s.length();
      room(len + 2);
      b[n++] = '"';
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
          return escaped(s, i);
        }
        b[n++] = (byte) c;
      }
      b[n++] = '"';
      return this;
    }

    /** The rest of {@code s} from {@code i} on, escaped, and the closing quote. */
    private Out escaped(String s, int i) {
      StringBuilder rest = new StringBuilder(s.length() - i + 16);
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> rest.append("\\\"");
          case '\\' -> rest.append("\\\\");
          case '\b' -> rest.append("\\b");
          case '\t' -> rest.append("\\t");
          case '\n' -> rest.append("\\n");
          case '\f' -> rest.append("\\f");
          case '\r' -> rest.append("\\r");
          default -> {
            if (c < 0x20) {
              rest.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
            } else {
              rest.append(c);
            }
          }
        }
      }
      // the JDK's encoder for what is not ASCII, so an unpaired surrogate becomes '?' as anywhere else we encode
      return put(rest.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }

    private void room(int more) {
      if (n + more > b.length) {
        b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
      }
    }

    byte[] bytes() {
      return n == b.length ? b : Arrays.copyOf(b, n);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses the subscriber JSON back into a tree (for clients and tests). */
  public static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
