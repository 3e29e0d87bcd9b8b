package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.nio.charset.StandardCharsets;

/**
 * An update's subscriber JSON ({@link ResourceUpdateJson}), written once when its record is decoded and shared by
 * every subscriber and transport. Held as the UTF-8 that SSE sends, so a stream copies it instead of encoding it
 * again per subscriber; the text is made from it only when a transport asks for one (WebSocket, MCP, the cache).
 */
public final class UpdateJson {

  private final byte[] utf8;
  private final boolean multiLine;
  private String text; // made on first use; a race makes equal Strings, like String's own hash

  private UpdateJson(byte[] utf8, boolean multiLine) {
    this.utf8 = utf8;
    this.multiLine = multiLine;
  }

  public static UpdateJson of(ResourceUpdate u) {
    // the JSON's strings have their line breaks escaped, so only the data object, written as it came, can hold one
    String data = u.getDataJson();
    return new UpdateJson(ResourceUpdateJson.utf8(u), data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0);
  }

  /** The JSON as text. */
  public String text() {
    String t = text;
    if (t == null) {
      t = new String(utf8, StandardCharsets.UTF_8);
      text = t;
    }
    return t;
  }

  /** Bytes of its UTF-8. */
  public int length() {
    return utf8.length;
  }

  /** Copies its UTF-8 to {@code dst} at {@code at}. */
  public void copyTo(byte[] dst, int at) {
    System.arraycopy(utf8, 0, dst, at, utf8.length);
  }

  /**
   * Whether it holds a line break (raw, in the data object's whitespace; JSON strings escape theirs), which an SSE
   * data field cannot carry in one line.
   */
  public boolean multiLine() {
    return multiLine;
  }

  @Override
  public String toString() {
    return text();
  }
}
