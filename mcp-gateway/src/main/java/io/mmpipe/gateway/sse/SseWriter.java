package io.mmpipe.gateway.sse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the text/event-stream framing (WHATWG HTML "Server-sent events"). Values must not break the framing, so
 * line breaks inside data become separate {@code data:} lines and are refused in event names and ids.
 */
public final class SseWriter {

  private final OutputStream out;
  private final StringBuilder buf = new StringBuilder(1024);

  public SseWriter(OutputStream out) {
    this.out = out;
  }

  /** Formats one event. */
  public static String frame(String event, String id, String data) {
    StringBuilder b = new StringBuilder(64 + data.length());
    append(b, event, id, data);
    return b.toString();
  }

  private static void append(StringBuilder b, String event, String id, String data) {
    if (event != null) {
      b.append("event: ").append(singleLine("event", event)).append('\n');
    }
    if (id != null) {
      b.append("id: ").append(singleLine("id", id)).append('\n');
    }
    // one data line per line of data (CRLF, CR or LF ends one), found by a scan: a regex split per event was most
    // of the cost of sending a catch-up backlog
    int start = 0;
    int n = data.length();
    for (int i = 0; i < n; i++) {
      char c = data.charAt(i);
      if (c == '\n' || c == '\r') {
        b.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    b.append("data: ").append(data, start, n).append("\n\n");
  }

  private static String singleLine(String field, String v) {
    if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " must be one line");
    }
    return v;
  }

  public SseWriter event(String event, String id, String data) {
    append(buf, event, id, data);
    return this;
  }

  /** How long the client waits before reconnecting. */
  public SseWriter retry(long millis) {
    buf.append("retry: ").append(millis).append("\n\n");
    return this;
  }

  /** A comment line: ignored by clients, keeps proxies and the connection alive. */
  public SseWriter comment(String text) {
    buf.append(": ").append(singleLine("comment", text)).append("\n\n");
    return this;
  }

  /** Whether anything waits to be flushed. */
  public boolean pending() {
    return !buf.isEmpty();
  }

  /** Characters waiting to be flushed. */
  public int size() {
    return buf.length();
  }

  /** Sends what was written so far. */
  public void flush() throws IOException {
    if (!buf.isEmpty()) {
      out.write(buf.toString().getBytes(StandardCharsets.UTF_8));
      buf.setLength(0);
    }
    out.flush();
  }
}
