package io.mmpipe.devkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on a loopback port, without persistence. It can be stopped and started
 * again on the same port, to test what the gateway does while Redis is down.
 */
public final class RedisServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

  /** What to tell a person who has no redis-server. */
  public static final String HOW_TO_INSTALL = ExternalTool.REDIS_SERVER.howToInstall();

  private final Path executable;
  private final int port;
  private Process process;

  private RedisServer(Path executable, int port) {
    this.executable = executable;
    this.port = port;
  }

  /** Where redis-server is: {@code REDIS_SERVER}, then PATH, then the usual install places. */
  public static Optional<Path> locate() {
    return ExternalTool.REDIS_SERVER.locate();
  }

  /** Starts redis-server on a free port, or throws with {@link #HOW_TO_INSTALL}. */
  public static RedisServer start() {
    return start(Ports.free());
  }

  public static RedisServer start(int port) {
    Path exe = locate().orElseThrow(() -> new IllegalStateException(HOW_TO_INSTALL));
    RedisServer server = new RedisServer(exe, port);
    server.startProcess();
    return server;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>} */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the process again (on the same port) after {@link #stop()}. */
  public synchronized void restart() {
    if (!isRunning()) {
      startProcess();
    }
  }

  private synchronized void startProcess() {
    List<String> cmd = List.of(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning",
        "--dir", System.getProperty("java.io.tmpdir"));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + executable, e);
    }
    Thread.ofVirtual().name("redis-" + port + "-output").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.debug("redis:{} {}", port, line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start (exit " + process.exitValue()
            + "); is port " + port + " taken?");
      }
      if (ping()) {
        log.info("redis-server {} ready on 127.0.0.1:{}", executable, port);
        return;
      }
      Processes.sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not answer PING on port " + port + " within 10 s");
  }

  /** Sends PING and expects +PONG. */
  public boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] buf = new byte[7];
      int n = s.getInputStream().read(buf);
      return n >= 5 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the process (the port stays reserved for {@link #restart()}). */
  public synchronized void stop() {
    Processes.stop(process, 5);
  }

  @Override
  public void close() {
    stop();
  }
}
