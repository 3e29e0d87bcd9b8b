package io.mmpipe.gateway.sse;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateStreams;

/** {@code GET /events}: the update stream as Server-Sent Events. */
public final class SseRoutes implements GatewayFeature {

  private final SseHandler handler;

  public SseRoutes(UpdateStreams streams, PrincipalResolver principals, GatewayMetrics metrics,
                   SseHandler.Settings settings) {
    this(new StreamDirectory(streams), principals, metrics, settings);
  }

  /** {@code ?resource=stream://broadcasts} (a resource with a stream of its own) is served from that stream. */
  public SseRoutes(StreamDirectory streams, PrincipalResolver principals, GatewayMetrics metrics,
                   SseHandler.Settings settings) {
    this.handler = new SseHandler(streams, principals, metrics, settings);
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/events", handler);
  }
}
