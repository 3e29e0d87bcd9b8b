package io.mmpipe.gateway.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /}: the live dashboard. A page and its scripts and style, all from the jar (nothing fetched from
 * elsewhere, so it works offline), under a Content-Security-Policy that allows only them: no inline script, no
 * eval, no plugin, no other origin. Text from Mattermost is only ever set as text by the scripts; the policy is the
 * second wall if a future change slips.
 */
public final class DashboardRoutes implements GatewayFeature {

  /** What the page may load: its own files and its own origin's endpoints, nothing inline. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Every file the page uses, with its type; anything else under {@code /dashboard/} is a 404. */
  static final Map<String, String> ASSETS = Map.of(
      "dashboard.js", "text/javascript; charset=utf-8",
      "stream.js", "text/javascript; charset=utf-8",
      "charts.js", "text/javascript; charset=utf-8",
      "panels.js", "text/javascript; charset=utf-8",
      "store.js", "text/javascript; charset=utf-8",
      "auth.js", "text/javascript; charset=utf-8",
      "analytics.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8");

  private final String page = load("index.html");
  private final Map<String, String> assets = loadAssets();

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/", ctx -> send(ctx, "text/html; charset=utf-8", page));
    routes.get("/dashboard/{file}", ctx -> {
      String file = ctx.pathParam("file");
      String body = assets.get(file);
      if (body == null) {
        throw new ApiException(404, "not_found", "no dashboard file named '" + file + "'");
      }
      send(ctx, ASSETS.get(file), body);
    });
  }

  private static void send(Context ctx, String type, String body) {
    ctx.contentType(type).header("Cache-Control", "no-cache").header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff").result(body);
  }

  private static Map<String, String> loadAssets() {
    Map<String, String> loaded = new java.util.HashMap<>();
    ASSETS.keySet().forEach(f -> loaded.put(f, load(f)));
    return Map.copyOf(loaded);
  }

  static String load(String file) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file " + file + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
