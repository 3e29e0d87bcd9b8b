package io.mmpipe.gateway.http;

import io.javalin.config.RoutesConfig;

/**
 * One part of what the gateway serves (health, metrics, SSE, the dashboard; MCP and WebSocket next): its routes and
 * its lifecycle. {@code GatewayMain} starts the features in order, then serves all their routes from one
 * {@link GatewayServer#create Javalin} (Javalin 7 takes every route before the server starts, none later); on close
 * it stops the server, then closes the features in reverse. The services features share (the update stream, the
 * Redis cache, the meters) are built first and handed to each feature's constructor.
 */
@FunctionalInterface
public interface GatewayFeature extends AutoCloseable {

  /** Declares this feature's routes, exception handlers included; called once, after {@link #start()}. */
  void routes(RoutesConfig routes);

  /**
   * Settings of the server itself (connectors, connection limits) the feature needs; called once, before
   * {@link #routes}. Most features need none.
   */
  default void server(io.javalin.config.JettyConfig jetty) {}

  /** Starts what the feature runs besides its handlers; called before the server accepts requests. */
  default void start() {}

  /**
   * Called before the server stops, while connections are still open: a feature with long-lived responses ends them
   * gracefully here (an MCP listen stream sends its final response). Must return within a few seconds.
   */
  default void drain() {}

  /** Stops what {@link #start()} began and releases what the feature owns; idempotent; runs after the server stops. */
  @Override
  default void close() {}
}
