package io.mmpipe.gateway.sse;

import io.mmpipe.gateway.stream.UpdateJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Writes the text/event-stream framing (WHATWG HTML "Server-sent events"). Values must not break the framing, so
 * line breaks inside data become separate {@code data:} lines and are refused in event names and ids.
 *
 * <p>Events are framed straight into one byte buffer, which {@link #flush} hands to the stream as it is: a stream
 * serving ten thousand subscribers frames every update once per subscriber, and building a String per batch, then
 * its UTF-8 copy, was most of the gateway's work per delivery.
 *
 * <p>A stream lives for hours and is idle most of the time, so the buffer it keeps between flushes is small: a batch
 * may grow it (up to the handler's batch bound), a flush shrinks it back to {@link #IDLE_CAPACITY}.
 */
public final class SseWriter {

  /** The buffer's size between batches; a flush of a larger one replaces it with one of this size. */
  static final int IDLE_CAPACITY = 1024;

  private final OutputStream out;
  private byte[] buf = new byte[IDLE_CAPACITY];
  private int len;

  public SseWriter(OutputStream out) {
    this.out = out;
  }

  /** Formats one event. */
  public static String frame(String event, String id, String data) {
    SseWriter w = new SseWriter(OutputStream.nullOutputStream());
    w.event(event, id, data);
    return new String(w.buf, 0, w.len, StandardCharsets.UTF_8);
  }

  public SseWriter event(String event, String id, String data) {
    head(event, id);
    // one data line per line of data (CRLF, CR or LF ends one), found by a scan: a regex split per event was most
    // of the cost of sending a catch-up backlog; JSON (every update) has none, and goes in one copy
    if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
      text("data: ").text(data).raw('\n').raw('\n');
      return this;
    }
    int start = 0;
    int n = data.length();
    for (int i = 0; i < n; i++) {
      char c = data.charAt(i);
      if (c == '\n' || c == '\r') {
        text("data: ").text(data.substring(start, i)).raw('\n');
        if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    text("data: ").text(data.substring(start, n)).raw('\n').raw('\n');
    return this;
  }

  /**
   * An update: its JSON is copied as the UTF-8 it was written in once for every subscriber, not encoded again per
   * subscriber.
   */
  public SseWriter event(String event, String id, UpdateJson data) {
    if (data.multiLine()) {
      return event(event, id, data.text());
    }
    head(event, id);
    text("data: ");
    room(data.length() + 2);
    data.copyTo(buf, len);
    len += data.length();
    return raw('\n').raw('\n');
  }

  private void head(String event, String id) {
    if (event != null) {
      text("event: ").text(singleLine("event", event)).raw('\n');
    }
    if (id != null) {
      text("id: ").text(singleLine("id", id)).raw('\n');
    }
  }

  private static String singleLine(String field, String v) {
    if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " must be one line");
    }
    return v;
  }

  /** How long the client waits before reconnecting. */
  public SseWriter retry(long millis) {
    return text("retry: ").text(Long.toString(millis)).raw('\n').raw('\n');
  }

  /** A comment line: ignored by clients, keeps proxies and the connection alive. */
  public SseWriter comment(String text) {
    return text(": ").text(singleLine("comment", text)).raw('\n').raw('\n');
  }

  /** Whether anything waits to be flushed. */
  public boolean pending() {
    return len > 0;
  }

  /** Bytes waiting to be flushed. */
  public int size() {
    return len;
  }

  /** The buffer's current size (for the test that it shrinks). */
  int capacity() {
    return buf.length;
  }

  /** Sends what was written so far (and waits until the connection took it), then shrinks the buffer. */
  public void flush() throws IOException {
    send(true);
  }

  /**
   * Sends what was written so far and keeps the buffer's size, for a stream in the middle of a backlog: shrinking
   * after every full batch meant growing it again by doubling (seven copies to reach the handler's 64 KiB bound)
   * for the next one. The handler's batch bound still bounds the buffer; the next {@link #flush} shrinks it.
   */
  public void flushKeepingBuffer() throws IOException {
    send(false);
  }

  private void send(boolean shrink) throws IOException {
    try {
      if (len > 0 && out instanceof HttpOutput jetty) {
        // Jetty's write(ByteBuffer) goes straight to the connection, blocking, so no flush follows it. Its
        // write(byte[]) copies into an aggregation buffer taken from the server's pool for each write: with ten
        // thousand streams writing at once the pool had none to give, so every write allocated and zeroed a fresh
        // direct buffer, and the flush after it was one more pass through the handler chain. The response also
        // keeps that buffer until it ends: 32 KiB of direct memory for every open stream, idle or not.
        jetty.write(ByteBuffer.wrap(buf, 0, len));
        return;
      }
      if (len > 0) {
        out.write(buf, 0, len);
      }
      out.flush();
    } finally {
      len = 0;
      if (shrink && buf.length > IDLE_CAPACITY * 4) {
        buf = new byte[IDLE_CAPACITY];
      }
    }
  }

  /** UTF-8 of {@code s}: short ASCII (names, ids) byte by byte, anything longer through the JDK's encoder. */
  private SseWriter text(String s) {
    int n = s.length();
    if (n > 64) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8); // an ASCII string's bytes are copied, vectorized
      room(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }
    room(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] b = s.substring(i).getBytes(StandardCharsets.UTF_8);
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
      }
      buf[len++] = (byte) c;
    }
    return this;
  }

  private SseWriter raw(char c) {
    room(1);
    buf[len++] = (byte) c;
    return this;
  }

  private void room(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
