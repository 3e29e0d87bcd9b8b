package io.mmpipe.gateway.metrics;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;

/** {@code GET /v1/stats}: connected clients per transport and the stream's position, as JSON (the dashboard's). */
public final class StatsRoutes implements GatewayFeature {

  private final GatewayStats stats;

  public StatsRoutes(GatewayStats stats) {
    this.stats = stats;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/v1/stats", ctx -> ctx.contentType("application/json").result(stats.json().toString()));
  }
}
