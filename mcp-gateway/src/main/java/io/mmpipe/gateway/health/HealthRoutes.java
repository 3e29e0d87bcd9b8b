package io.mmpipe.gateway.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.GatewayFeature;

/** {@code GET /health}: the per-component report as JSON, 503 when the gateway is DOWN. */
public final class HealthRoutes implements GatewayFeature {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HealthService health;

  public HealthRoutes(HealthService health) {
    this.health = health;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/health", this::report);
  }

  private void report(Context ctx) {
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
  }

  /** Releases the Mattermost ping client. */
  @Override
  public void close() {
    health.close();
  }
}
