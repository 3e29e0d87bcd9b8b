package io.mmpipe.gateway.http;

import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.security.BearerAuth;
import java.util.List;

/**
 * Puts {@link BearerAuth} in front of the data endpoints ({@link #PROTECTED}, {@code /ws}) before any of their
 * handlers runs, so a refused request never reaches a protocol handler; health, metrics and the dashboard page stay
 * open for probes and scrapers.
 */
public final class AuthRoutes implements GatewayFeature {

  /**
   * The paths that serve Mattermost data or what the gateway does with it: operations hold channel posts, and the
   * stats tell who is connected.
   */
  public static final List<String> PROTECTED = List.of("/mcp", "/events", "/v1/broadcasts", "/v1/operations",
      "/v1/operations/*", "/v1/stats", "/v1/analytics/channels", "/v1/analytics/channels/*");

  private final BearerAuth auth;

  public AuthRoutes(BearerAuth auth) {
    this.auth = auth;
  }

  @Override
  public void routes(RoutesConfig routes) {
    PROTECTED.forEach(path -> routes.before(path, auth));
    routes.wsBeforeUpgrade("/ws", auth); // a WebSocket upgrade does not pass the HTTP before-handlers
  }
}
