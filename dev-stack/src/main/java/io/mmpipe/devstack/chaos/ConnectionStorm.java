package io.mmpipe.devstack.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many clients at once through nginx: each opens a TCP connection, asks for {@code /events} (SSE) with a token of its
 * own principal (not the control subscriber's, so the gateways' per-principal limits refuse the storm and not the
 * control) and keeps the connection open after the answer's status line, reading nothing more, until
 * {@link #close()}. Counts what each got: a 200 (a stream held open), another status (refused by a gateway's limit,
 * or by nginx), or no answer (connection refused, reset, or no status line within the timeout). The sockets are the
 * only thing kept, at most {@code count} of them, all closed by {@link #close()}.
 */
final class ConnectionStorm implements AutoCloseable {

  /** Connections being opened at once; more would only queue in the kernel's accept backlog. */
  private static final int OPENING = 512;
  private static final int TIMEOUT_MS = 20_000;

  private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final int count;

  private ConnectionStorm(int count) {
    this.count = count;
  }

  /** Opens {@code count} connections to {@code baseUrl}'s {@code /events}; returns once each has an answer or none. */
  static ConnectionStorm open(String baseUrl, String token, int count) {
    ConnectionStorm storm = new ConnectionStorm(count);
    URI uri = URI.create(baseUrl);
    byte[] request = ("GET /events HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    Semaphore opening = new Semaphore(OPENING);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        opening.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            storm.connect(uri, request);
          } finally {
            opening.release();
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return storm;
  }

  private void connect(URI uri, byte[] request) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      int status = statusOf(s.getInputStream());
      statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
      open.add(s); // held open, a 200 as a stream and a refusal as a keep-alive connection nginx must carry
    } catch (IOException e) {
      failed.incrementAndGet();
      closeQuietly(s);
    }
  }

  /** The status code of the answer's first line ("HTTP/1.1 200 OK"). */
  static int statusOf(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
      line.append((char) c);
    }
    String[] parts = line.toString().trim().split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("no status line (got '" + line.toString().trim() + "')");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("no status in '" + line + "'");
    }
  }

  int accepted() {
    AtomicInteger ok = statuses.get(200);
    return ok == null ? 0 : ok.get();
  }

  int failed() {
    return failed.get();
  }

  /** What the storm got, for the report's note: "10000 opened: 300 streams (200), 9700 refused (429: 9700), 0 ...". */
  String summary() {
    Map<Integer, Integer> refused = new TreeMap<>();
    statuses.forEach((status, n) -> {
      if (status != 200) {
        refused.put(status, n.get());
      }
    });
    int refusedTotal = refused.values().stream().mapToInt(Integer::intValue).sum();
    List<String> byStatus = refused.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    return count + " opened: " + accepted() + " streams held (200), " + refusedTotal + " refused"
        + (byStatus.isEmpty() ? "" : " (" + String.join(", ", byStatus) + ")") + ", " + failed()
        + " without an answer";
  }

  @Override
  public void close() {
    Socket s;
    while ((s = open.poll()) != null) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
