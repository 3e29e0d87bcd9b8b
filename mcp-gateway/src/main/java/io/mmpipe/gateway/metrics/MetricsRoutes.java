package io.mmpipe.gateway.metrics;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;

/** {@code GET /metrics}: the gateway's meters in the Prometheus text format. */
public final class MetricsRoutes implements GatewayFeature {

  private final GatewayMetrics metrics;

  public MetricsRoutes(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }
}
