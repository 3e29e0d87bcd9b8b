package io.mmpipe.runtime.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The operations endpoints of a tier that serves no other HTTP: {@code /metrics} (Prometheus text) and
 * {@code /health} (JSON; 503 when not ok), on the JDK's own HTTP server with virtual threads.
 */
public final class OpsServer implements AutoCloseable {

  /** Health as JSON, and whether it is fit to serve (false answers 503). */
  public record HealthView(String json, boolean ok) {}

  private final HttpServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param port    0 for a free port
   * @param metrics the Prometheus exposition text (e.g. {@code PrometheusMeterRegistry::scrape})
   * @param health  the current health
   */
  public static OpsServer start(int port, Supplier<String> metrics, Supplier<HealthView> health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.get()));
      server.createContext("/health", ex -> {
        HealthView h = health.get();
        respond(ex, h.ok() ? 200 : 503, "application/json", h.json());
      });
      server.start();
      return new OpsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics and /health on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
    }
  }
}
