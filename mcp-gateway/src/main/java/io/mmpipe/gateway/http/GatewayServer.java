package io.mmpipe.gateway.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.mmpipe.gateway.security.HostPolicy;
import io.mmpipe.gateway.security.OriginPolicy;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.session.SessionCache;

/** The one Javalin setup of the gateway, shared by {@code GatewayMain} and the handler tests. */
public final class GatewayServer {

  private GatewayServer() {}

  /**
   * A Javalin, not started, serving the features' routes behind the Origin policy, with every error answered by
   * {@link ErrorMapping}. Javalin 7 fixes routes and handlers here, before the server starts.
   */
  public static Javalin create(OriginPolicy origins, List<? extends GatewayFeature> features) {
    return create(origins, HostPolicy.any(), features);
  }

  /** The same, with Host validation (DNS rebinding) before the Origin check. */
  public static Javalin create(OriginPolicy origins, HostPolicy hosts, List<? extends GatewayFeature> features) {
    return Javalin.create(cfg -> {
      // request threads block (an SSE stream holds its thread for its whole life): virtual threads make that cheap
      cfg.concurrency.useVirtualThreads = true;
      cfg.startup.showJavalinBanner = false;
      cfg.startup.startupWatcherEnabled = false;
      // SSE must reach the client as written; compression would buffer it
      cfg.http.compressionStrategy = CompressionStrategy.NONE;
      cfg.jetty.modifyServletContextHandler(GatewayServer::keepNoSessions);
      features.forEach(f -> f.server(cfg.jetty));
      ErrorMapping.install(cfg.routes);
      cfg.routes.before(hosts);
      cfg.routes.before(origins);
      // a WebSocket upgrade does not pass the HTTP before-handlers: the same checks, on the upgrade request
      cfg.routes.wsBeforeUpgrade(hosts);
      cfg.routes.wsBeforeUpgrade(origins);
      features.forEach(f -> f.routes(cfg.routes));
    });
  }

  /**
   * No feature uses HTTP sessions, yet Javalin reads the session on every WebSocket upgrade, which creates one, and
   * Jetty's default cache keeps a session forever (no expiry, never evicted): about 1 KiB for every WebSocket
   * connection ever made, long after it closed. Sessions now leave the cache when their request ends (the store
   * keeps nothing), and no cookie is sent for them.
   */
  static void keepNoSessions(ServletContextHandler handler) {
    var sessions = handler.getSessionHandler();
    DefaultSessionCache cache = new DefaultSessionCache(sessions);
    cache.setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
    cache.setSessionDataStore(new NullSessionDataStore());
    sessions.setSessionCache(cache);
    sessions.setUsingCookies(false);
  }
}
