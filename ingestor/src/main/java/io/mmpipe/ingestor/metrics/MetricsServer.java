package io.mmpipe.ingestor.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** /metrics (Prometheus text) and /health (JSON; 503 when DOWN) on the JDK's own HTTP server. */
public final class MetricsServer implements AutoCloseable {

  /** Health as JSON, and whether it is serving-worthy (false = 503). */
  public record HealthView(String json, boolean ok) {}

  private final HttpServer server;

  public MetricsServer(int port, IngestorMetrics metrics, Supplier<HealthView> health) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.scrape()));
    server.createContext("/health", ex -> {
      HealthView h = health.get();
      respond(ex, h.ok() ? 200 : 503, "application/json", h.json());
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
