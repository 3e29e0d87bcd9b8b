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
 * six-character hex escape otherwise; everything else as is). Every update a gateway reads is written once, a
 * catch-up writes a whole backlog, and a transport sends bytes: the generator over a synchronized StringWriter, a
 * BigDecimal per timestamp and the UTF-8 copy of the String after it took about twice the CPU of this.
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
    byte[] uri = escaped(u.getResourceUri());
    byte[] type = escaped(u.getUpdateType());
    byte[] data = u.getDataJson().getBytes(StandardCharsets.UTF_8);
    byte[] ts = timestamp(u.getTimestamp());
    byte[] id = escaped(u.getEventId());
    byte[] out = new byte[URI.length + quoted(uri) + TYPE.length + quoted(type) + DATA.length + data.length
        + TIMESTAMP.length + ts.length + EVENT_ID.length + quoted(id) + 1];
    int n = string(out, put(out, 0, URI), uri);
    n = string(out, put(out, n, TYPE), type);
    n = put(out, put(out, n, DATA), data);
    n = put(out, put(out, n, TIMESTAMP), ts);
    n = string(out, put(out, n, EVENT_ID), id);
    out[n] = '}';
    return out;
  }

  private static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  /** Bytes of a JSON string of {@code escaped} (its content as {@link #escaped} wrote it, null for null). */
  private static int quoted(byte[] escaped) {
    return escaped == null ? NULL.length : escaped.length + 2;
  }

  private static int string(byte[] out, int at, byte[] escaped) {
    if (escaped == null) {
      return put(out, at, NULL);
    }
    out[at] = '"';
    at = put(out, at + 1, escaped);
    out[at] = '"';
    return at + 1;
  }

  /**
   * The content of {@code s} as a JSON string, UTF-8, or null for null. Escaped after encoding: every character
   * that needs escaping is ASCII, and no byte of a multi-byte UTF-8 sequence is, so the scan needs no decoding; an
   * unpaired surrogate became '?' in the JDK's encoder, as anywhere else we encode text.
   */
  private static byte[] escaped(String s) {
    if (s == null) {
      return null;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int escapes = 0;
    for (byte c : b) {
      if (c >= 0 && (c < 0x20 || c == '"' || c == '\\')) {
        escapes++;
      }
    }
    if (escapes == 0) {
      return b;
    }
    byte[] out = new byte[b.length + escapes * 5]; // at most six bytes per escaped one; trimmed below
    int n = 0;
    for (byte c : b) {
      n = escape(out, n, c);
    }
    return Arrays.copyOf(out, n);
  }

  private static int escape(byte[] out, int n, byte c) {
    byte shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
    if (shortForm != 0) {
      out[n++] = '\\';
      out[n++] = shortForm;
    } else if (c >= 0 && c < 0x20) {
      out[n++] = '\\';
      out[n++] = 'u';
      out[n++] = '0';
      out[n++] = '0';
      out[n++] = HEX[c >> 4];
      out[n++] = HEX[c & 0xF];
    } else {
      out[n++] = c;
    }
    return n;
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
