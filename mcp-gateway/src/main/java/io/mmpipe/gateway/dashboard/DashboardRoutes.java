package io.mmpipe.gateway.dashboard;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /}: the live dashboard, one self-contained page (inline CSS and JS, nothing fetched from elsewhere). */
public final class DashboardRoutes implements GatewayFeature {

  private final String page = load();

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
        .result(page));
  }

  static String load() {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard page missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
