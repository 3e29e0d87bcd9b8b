package io.mmpipe.devstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out section's subscribers, SSE or WebSocket, for every server alike: each is one non-blocking socket, and
 * {@link #LOOPS} selector threads read all of them, each connection's bytes going through a {@link StreamScanner}
 * straight into its {@link DeliveryCounter}. A socket and a virtual thread per subscriber, parsing every event into
 * strings (what this replaced), made the client as busy as the servers it measured: at 10,000 subscribers the bench
 * JVM (which also holds the broker) spent its two cores parsing and collecting garbage, and every server's latency
 * was the client's queue.
 */
final class LoadClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LoadClient.class);
  /** Selector threads: the machine the bench runs on has few cores, shared with the servers and the broker. */
  static final int LOOPS = 2;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final long WRITE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  /**
   * Connections whose response head has not come yet. A connect returns once the kernel queued the connection,
   * before the server accepted it: ten thousand at once would overflow the server's accept queue (50 by default)
   * and each dropped handshake waits a second or more to be retried, so connecting waits while this many are open.
   */
  static final int CONNECTING = 32;

  private final Loop[] loops = new Loop[LOOPS];
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final Semaphore connecting = new Semaphore(CONNECTING);

  LoadClient() {
    for (int k = 0; k < LOOPS; k++) {
      loops[k] = new Loop(k);
    }
  }

  /** Subscribes to an SSE endpoint; the returned handle closes the connection. */
  AutoCloseable sse(URI uri, DeliveryCounter counter) {
    String req = "GET " + pathAndQuery(uri) + " HTTP/1.1\r\nHost: " + hostPort(uri)
        + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n";
    Conn c = new Conn(counter, null);
    c.scanner = StreamScanner.sse(c);
    return c.open(uri, req);
  }

  /** Opens a WebSocket and sends {@code subscribe} (when not null) once the upgrade is answered. */
  AutoCloseable ws(URI uri, String subscribe, DeliveryCounter counter) {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String req = "GET " + pathAndQuery(uri) + " HTTP/1.1\r\nHost: " + hostPort(uri)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    Conn c = new Conn(counter, subscribe == null ? null : subscribe.getBytes(StandardCharsets.UTF_8));
    c.scanner = StreamScanner.webSocket(accept(key), c);
    return c.open(uri, req);
  }

  /** Connections that failed (refused, malformed, closed by the server) since the start. */
  int failures() {
    return failures.get();
  }

  static String accept(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One client frame (FIN set), masked as RFC 6455 requires of a client. */
  static byte[] frame(int opcode, byte[] payload) {
    int n = payload.length;
    int headLen = n < 126 ? 2 : n < 65536 ? 4 : 10;
    byte[] f = new byte[headLen + 4 + n];
    f[0] = (byte) (0x80 | opcode);
    if (n < 126) {
      f[1] = (byte) (0x80 | n);
    } else if (n < 65536) {
      f[1] = (byte) (0x80 | 126);
      f[2] = (byte) (n >>> 8);
      f[3] = (byte) n;
    } else {
      f[1] = (byte) (0x80 | 127);
      for (int k = 0; k < 8; k++) {
        f[2 + k] = (byte) ((long) n >>> (56 - 8 * k));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, f, headLen, 4);
    for (int k = 0; k < n; k++) {
      f[headLen + 4 + k] = (byte) (payload[k] ^ mask[k & 3]);
    }
    return f;
  }

  private static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static String hostPort(URI uri) {
    return uri.getHost() + ":" + port(uri);
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : 80;
  }

  @Override
  public void close() {
    for (Loop l : loops) {
      l.close();
    }
  }

  /** One subscriber's socket. The loop thread reads it; writes (rare: subscribe, pong, close) take its lock. */
  private final class Conn implements StreamScanner.Sink, AutoCloseable {
    private final DeliveryCounter counter;
    private final byte[] subscribe;
    private StreamScanner scanner;
    private SocketChannel channel;
    private volatile boolean closed;
    private volatile boolean closing; // the bench closes it: a failure on the way is no news
    private final AtomicBoolean answered = new AtomicBoolean(); // the head came (or never will): slot released

    Conn(DeliveryCounter counter, byte[] subscribe) {
      this.counter = counter;
      this.subscribe = subscribe;
    }

    /** Connects and sends the request (blocking, here), then hands the socket to a selector thread. */
    Conn open(URI uri, String request) {
      try {
        if (!connecting.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IOException("no response head within 30 s to the last " + CONNECTING + " connections");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting", e);
      } catch (IOException e) {
        throw new UncheckedIOException("connect to " + uri + " failed: " + e.getMessage(), e);
      }
      try {
        channel = SocketChannel.open();
        channel.socket().connect(new InetSocketAddress(uri.getHost(), port(uri)), 5_000);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer req = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
        while (req.hasRemaining()) {
          channel.write(req);
        }
        channel.configureBlocking(false);
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("connect to " + uri + " failed: " + e.getMessage(), e);
      }
      loops[Math.floorMod(next.getAndIncrement(), LOOPS)].add(this);
      return this;
    }

    private void answered() {
      if (answered.compareAndSet(false, true)) {
        connecting.release();
      }
    }

    @Override
    public void opened() {
      answered();
      if (subscribe != null) {
        write(frame(1, subscribe));
      }
    }

    @Override
    public void ready() {
      counter.markReady();
    }

    @Override
    public void delivery(long sentUs, long number) {
      counter.delivered(sentUs, number);
    }

    @Override
    public void reply(int opcode, byte[] payload) {
      write(frame(opcode, payload));
    }

    @Override
    public void failed(String why) {
      answered();
      if (!closed && !closing) {
        if (failures.getAndIncrement() < 3) {
          log.warn("a fan-out subscriber stopped: {}", why);
        }
        close();
      }
    }

    /** Writes a whole (small) frame on the non-blocking socket, waiting briefly while the socket is full. */
    synchronized void write(byte[] bytes) {
      if (closed) {
        return;
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      long deadline = System.nanoTime() + WRITE_TIMEOUT_NANOS;
      try {
        while (buf.hasRemaining()) {
          if (channel.write(buf) == 0) {
            if (System.nanoTime() > deadline) {
              throw new IOException("the server took no frame for 5 s");
            }
            LockSupport.parkNanos(1_000_000);
          }
        }
      } catch (IOException e) {
        failed("write failed: " + e.getMessage());
      }
    }

    /** A WebSocket says goodbye with a close frame (1000) first; then the socket closes. */
    @Override
    public void close() {
      closing = true;
      answered();
      if (scanner != null && subscribe != null && !scanner.failedAlready()) {
        write(frame(8, new byte[] {0x03, (byte) 0xe8}));
      }
      closed = true;
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** One selector thread and the sockets it reads. */
  private static final class Loop implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Conn> added = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private final Thread thread;
    private volatile boolean running = true;

    Loop(int index) {
      try {
        selector = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = Thread.ofPlatform().daemon().name("bench-load-client-" + index).start(this);
    }

    void add(Conn c) {
      added.add(c);
      selector.wakeup();
    }

    @Override
    public void run() {
      while (running) {
        try {
          selector.select(500);
          for (Conn c; (c = added.poll()) != null; ) {
            if (!c.closed) {
              c.channel.register(selector, SelectionKey.OP_READ, c);
            }
          }
          for (SelectionKey k : selector.selectedKeys()) {
            read((Conn) k.attachment());
          }
          selector.selectedKeys().clear();
        } catch (IOException | RuntimeException e) {
          log.warn("fan-out client loop: {}", e.toString());
        }
      }
    }

    private void read(Conn c) {
      if (c.closed) {
        return;
      }
      try {
        buf.clear();
        int n = c.channel.read(buf);
        if (n < 0) {
          c.failed("closed by the server");
          return;
        }
        c.scanner.feed(buf.array(), 0, n);
      } catch (IOException e) {
        c.failed(e.toString());
      }
    }

    void close() {
      running = false;
      selector.wakeup();
      try {
        thread.join(2_000);
        selector.close();
      } catch (IOException ignored) {
        // nothing more to do
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
