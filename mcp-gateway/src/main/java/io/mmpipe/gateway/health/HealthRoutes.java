package io.mmpipe.gateway.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;

/** {@code GET /health} (JSON, 503 when DOWN) and {@code GET /metrics} (Prometheus text). */
public final class HealthRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthRoutes() {}

  public static void install(Javalin app, HealthService health, GatewayMetrics metrics) {
    app.get("/health", ctx -> {
      HealthService.Report r = health.check();
      ObjectNode body = JSON.createObjectNode();
      body.put("status", r.status());
      ObjectNode comps = body.putObject("components");
      r.components().forEach((name, c) -> {
        ObjectNode n = comps.putObject(name);
        n.put("status", c.status().name());
        n.setAll((ObjectNode) JSON.valueToTree(c.details()));
      });
      ctx.status(r.httpStatus()).contentType("application/json").result(body.toString());
    });
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }
}
