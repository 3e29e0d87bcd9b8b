package io.mmpipe.gateway.sse;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.Cors;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateStreams;

/** {@code GET /events}: the update stream as Server-Sent Events, readable from every allowed origin (CORS). */
public final class SseRoutes implements GatewayFeature {

  private final SseHandler handler;
  private final Cors cors;

  public SseRoutes(UpdateStreams streams, PrincipalResolver principals, GatewayMetrics metrics,
                   SseHandler.Settings settings, OriginPolicy origins) {
    this(new StreamDirectory(streams), principals, metrics, settings, origins);
  }

  /** {@code ?resource=stream://broadcasts} (a resource with a stream of its own) is served from that stream. */
  public SseRoutes(StreamDirectory streams, PrincipalResolver principals, GatewayMetrics metrics,
                   SseHandler.Settings settings, OriginPolicy origins) {
    this.handler = new SseHandler(streams, principals, metrics, settings);
    this.cors = new Cors(origins);
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.options("/events", cors.preflight());
    routes.get("/events", ctx -> {
      cors.allow(ctx); // before the handler, so its error answers carry the headers too
      handler.handle(ctx);
    });
  }
}
