package io.mmpipe.devstack.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A deliberately small SSE subscriber for fan-out load: one socket and one virtual thread, no HTTP client, so the
 * memory measured per connection is mostly the gateway's. Speaks HTTP/1.0 so the stream is not chunked and every
 * line read is an SSE line. Each {@code data:} line carrying {@code "sent_us":<micros>} is one delivery; its latency
 * is measured from that scheduled send time on the bench's own clock.
 */
final class SseSubscriber implements AutoCloseable {

  private static final byte[] MARK = "\"sent_us\":".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Thread thread;

  /** Latency is recorded only for updates scheduled before {@code cutoffUs}; every one counts as delivered. */
  SseSubscriber(int port, String path, BenchClock clock, Latency latency, AtomicLong cutoffUs, LongAdder delivered)
      throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    thread = Thread.ofVirtual().name("sse-sub").start(() -> read(clock, latency, cutoffUs, delivered));
  }

  private void read(BenchClock clock, Latency latency, AtomicLong cutoffUs, LongAdder delivered) {
    byte[] line = new byte[16 * 1024];
    try (InputStream in = new BufferedInputStream(socket.getInputStream(), 4096)) {
      int len = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (len < line.length) {
            line[len++] = (byte) b;
          }
          continue;
        }
        long sentUs = sentMicros(line, len);
        if (sentUs > 0) {
          if (sentUs < cutoffUs.get()) {
            latency.recordMicros(clock.nowMicros() - sentUs);
          }
          delivered.increment();
        } else if (startsWith(line, len, "event: ready") || startsWith(line, len, "event:ready")) {
          ready.set(true);
        }
        len = 0;
      }
    } catch (IOException e) {
      // closed by the bench or by the gateway
    } finally {
      ended.set(true);
    }
  }

  /** The number after "sent_us": in a data line, or -1. */
  static long sentMicros(byte[] line, int len) {
    if (!startsWith(line, len, "data:")) {
      return -1;
    }
    outer:
    for (int i = 0; i + MARK.length <= len; i++) {
      for (int j = 0; j < MARK.length; j++) {
        if (line[i + j] != MARK[j]) {
          continue outer;
        }
      }
      long v = 0;
      int k = i + MARK.length;
      boolean any = false;
      while (k < len && line[k] >= '0' && line[k] <= '9') {
        v = v * 10 + (line[k++] - '0');
        any = true;
      }
      return any ? v : -1;
    }
    return -1;
  }

  private static boolean startsWith(byte[] line, int len, String prefix) {
    if (len < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  boolean ready() {
    return ready.get();
  }

  boolean ended() {
    return ended.get();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
