package io.mmpipe.devkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one Server-Sent Events client of the project's tests, demo checks and benchmark. One socket and one virtual
 * thread per stream, no HTTP client library, so a thousand of them cost little and the memory a benchmark measures
 * is the server's. It speaks HTTP/1.1 (chunked bodies decoded) and parses the stream as the SSE specification says:
 * fields {@code event}, {@code data}, {@code id}, {@code retry}; comments; a blank line dispatches; CR, LF and CRLF
 * all end a line. Independent of the gateway's code.
 *
 * <p>Two ways to consume: by default every event is kept ({@link #events()}, {@link #next(Duration)}); with a
 * {@link Listener} events are handed over on the reader thread and not kept (a load generator's subscriber).
 */
public final class SseClient implements AutoCloseable {

  /** One dispatched event. */
  public record Event(String event, String data, String id) {}

  /** Receives each event on the reader thread; must be quick. */
  @FunctionalInterface
  public interface Listener {
    void onEvent(Event event);
  }

  /** A line longer than this is cut (the rest is dropped), so a broken server cannot grow our memory. */
  static final int MAX_LINE = 1 << 20;
  /**
   * Bytes read at once: an idle stream keeps {@link #MIN_BLOCK} (a load generator holds ten thousand of them); a read
   * that fills the block (a backlog, a catch-up) doubles it up to {@link #MAX_BLOCK}, so a stream that is sent
   * megabytes does not take a read, and a park when the socket is drained, per 4 KiB.
   */
  static final int MIN_BLOCK = 4096;
  static final int MAX_BLOCK = 64 * 1024;
  /** The body of a refused request (not 2xx) is kept up to this many bytes. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  private final Socket socket;
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;
  private final Listener listener;
  private final List<Event> kept = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Event> untaken = new LinkedBlockingQueue<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread reader;
  private volatile String lastEventId;
  private volatile Long retryMs;
  private volatile String errorBody;
  private volatile boolean paused;

  private SseClient(Socket socket, int status, Map<String, String> headers, InputStream body, Listener listener) {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.listener = listener;
    this.reader = Thread.ofVirtual().name("sse-client").start(this::read);
  }

  public static SseClient connect(URI uri) {
    return connect(uri, Map.of(), null);
  }

  /** Connects with a {@code Last-Event-ID} header when {@code lastEventId} is not null. */
  public static SseClient connect(URI uri, String lastEventId) {
    return connect(uri, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId), null);
  }

  public static SseClient connect(URI uri, Map<String, String> headers) {
    return connect(uri, headers, null);
  }

  public static SseClient connect(String url, Map<String, String> headers) {
    return connect(URI.create(url), headers, null);
  }

  /**
   * Sends the request and reads the status line and headers before returning, so {@link #status()} is known.
   *
   * @param listener null to keep every event; otherwise events go to it and are not kept
   * @throws UncheckedIOException when the server cannot be reached or answers no HTTP
   */
  public static SseClient connect(URI uri, Map<String, String> headers, Listener listener) {
    return open("GET", uri, headers, null, listener);
  }

  /**
   * POSTs a JSON body whose answer may be an event stream (an MCP request answered as SSE): the same client, with
   * {@code Content-Type: application/json} and the caller's headers ({@code Accept} included) over the defaults.
   */
  public static SseClient post(URI uri, Map<String, String> headers, String json) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.putAll(headers);
    return open("POST", uri, all, json.getBytes(StandardCharsets.UTF_8), null);
  }

  private static SseClient open(String method, URI uri, Map<String, String> headers, byte[] body,
      Listener listener) {
    Socket socket = new Socket();
    try {
      int port = uri.getPort() > 0 ? uri.getPort() : 80;
      socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
      socket.setTcpNoDelay(true);
      Map<String, String> head = new LinkedHashMap<>();
      head.put("Host", uri.getHost() + ":" + port);
      head.put("Accept", "text/event-stream");
      head.put("Connection", "close");
      headers.forEach((k, v) -> {
        head.keySet().removeIf(k::equalsIgnoreCase);
        head.put(k, v);
      });
      if (body != null) {
        head.put("Content-Length", String.valueOf(body.length));
      }
      StringBuilder req = new StringBuilder().append(method).append(' ').append(pathAndQuery(uri))
          .append(" HTTP/1.1\r\n");
      head.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();

      socket.setSoTimeout(10_000); // the head must come quickly; the stream itself may be quiet for long
      InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
      String statusLine = readHeadLine(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> answered = new LinkedHashMap<>();
      for (String line = readHeadLine(in); !line.isEmpty(); line = readHeadLine(in)) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          answered.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      socket.setSoTimeout(0);
      InputStream stream = "chunked".equalsIgnoreCase(answered.get("transfer-encoding")) ? new ChunkedBody(in) : in;
      return new SseClient(socket, status, Map.copyOf(answered), stream, listener);
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
      throw new UncheckedIOException("SSE connect to " + uri + " failed: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  static String readHeadLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r' && line.size() < 16 * 1024) {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new IOException("connection closed before the response head ended");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private void read() {
    try {
      String type = headers.getOrDefault("content-type", "");
      if (status / 100 != 2 || !type.startsWith("text/event-stream")) {
        errorBody = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        return;
      }
      parse();
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended.countDown();
    }
  }

  private void parse() throws IOException {
    String type = null;
    String id = null;
    String data = null; // the first data line; further ones go to more
    StringBuilder more = null;
    // read in blocks and keep the line in a plain array: a load generator's thousands of streams must not pay a
    // lock per byte (BufferedInputStream.read() and ByteArrayOutputStream.write(int) both take one)
    byte[] block = new byte[MIN_BLOCK];
    byte[] line = new byte[256];
    int lineLen = 0;
    boolean lastWasCr = false;
    int n;
    while ((n = body.read(block, 0, block.length)) >= 0) {
      int size = blockAfter(block.length, n);
      if (size != block.length) {
        byte[] read = block;
        block = new byte[size];
        System.arraycopy(read, 0, block, 0, n);
      }
      for (int i = 0; i < n; i++) {
        byte b = block[i];
        if (b == '\n' && lastWasCr) { // the LF of a CRLF: the line already ended at the CR
          lastWasCr = false;
          continue;
        }
        lastWasCr = b == '\r';
        if (b != '\n' && b != '\r') {
          if (lineLen < MAX_LINE) {
            if (lineLen == line.length) {
              line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[lineLen++] = b;
          }
          continue;
        }
        while (paused) {
          sleepQuietly();
        }
        // the line is taken apart as bytes and only a known field's value becomes a String: a String per line, then
        // one per field name and value, then a StringBuilder per event was most of a catch-up client's work
        int len = lineLen;
        lineLen = 0;
        if (len == 0) {
          if (data != null) {
            dispatch(new Event(type == null ? "message" : type, more == null ? data : more.toString(), id));
          }
          type = null;
          data = null;
          more = null;
          continue;
        }
        if (line[0] == ':') {
          if (listener == null) {
            comments.add(new String(line, 1, len - 1, StandardCharsets.UTF_8).trim());
          }
          continue;
        }
        int colon = 0;
        while (colon < len && line[colon] != ':') {
          colon++;
        }
        int from = Math.min(len, colon + 1);
        if (from < len && line[from] == ' ') {
          from++;
        }
        Field field = Field.of(line, colon);
        if (field == null) {
          continue; // unknown fields are ignored, as the specification says
        }
        String value = new String(line, from, len - from, StandardCharsets.UTF_8);
        switch (field) {
          case EVENT -> type = value;
          case DATA -> {
            if (data == null) {
              data = value;
            } else {
              more = (more == null ? new StringBuilder(data) : more).append('\n').append(value);
            }
          }
          case ID -> {
            if (value.indexOf('\0') < 0) {
              id = value;
            }
          }
          case RETRY -> {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
              retryMs = Long.parseLong(value);
            }
          }
        }
      }
    }
  }

  /** The fields of the specification; any other name is ignored. */
  private enum Field {
    EVENT, DATA, ID, RETRY;

    private final byte[] name = name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);

    /** The field named by {@code line[0, len)}, or null. */
    static Field of(byte[] line, int len) {
      for (Field f : values()) {
        if (Arrays.equals(line, 0, len, f.name, 0, f.name.length)) {
          return f;
        }
      }
      return null;
    }
  }

  /** The block size after a read of {@code read} bytes into a block of {@code size}: grown while reads fill it. */
  static int blockAfter(int size, int read) {
    return read >= size ? Math.min(MAX_BLOCK, size * 2) : size;
  }

  private void dispatch(Event e) {
    if (e.id() != null) {
      lastEventId = e.id();
    }
    if (listener != null) {
      listener.onEvent(e);
    } else {
      kept.add(e);
      untaken.add(e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The HTTP status of the response (known once {@code connect} returned). */
  public Integer status() {
    return status;
  }

  /** A response header, by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The body of an answer that is not an event stream (a refusal, or a plain JSON answer to a POST), once the server
   * has sent it; "" for an event stream.
   */
  public String body(Duration timeout) throws InterruptedException {
    ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return errorBody == null ? "" : errorBody;
  }

  /** Every event received so far, in order. */
  public List<Event> events() {
    return new ArrayList<>(kept);
  }

  public List<Event> events(Predicate<Event> filter) {
    return kept.stream().filter(filter).toList();
  }

  /** The next event not yet taken by this method, waiting up to {@code timeout}; null when none came. */
  public Event next(Duration timeout) throws InterruptedException {
    return untaken.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every event received and not yet taken by {@link #next(Duration)} or this method, which takes them all. */
  public List<Event> takeAll() {
    List<Event> taken = new ArrayList<>();
    untaken.drainTo(taken);
    return taken;
  }

  public List<String> comments() {
    return new ArrayList<>(comments);
  }

  /** The id of the last event received (what a browser would send as Last-Event-ID). */
  public String lastEventId() {
    return lastEventId;
  }

  /** The last {@code retry:} the server sent, in milliseconds. */
  public Long retryMs() {
    return retryMs;
  }

  /** True once the server closed the stream (or it failed). */
  public boolean ended() {
    return ended.getCount() == 0;
  }

  /** While paused the client reads nothing more, so the server's writes back up (a slow subscriber). */
  public void pause(boolean pause) {
    this.paused = pause;
  }

  @Override
  public void close() {
    paused = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    reader.interrupt();
  }
}
