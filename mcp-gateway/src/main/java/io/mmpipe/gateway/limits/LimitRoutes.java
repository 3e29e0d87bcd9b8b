package io.mmpipe.gateway.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JettyConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.UpgradeEnd;
import io.mmpipe.gateway.security.PrincipalResolver;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The limits in front of every handler: the global limit on requests and WebSocket connections held at once (503),
 * the request body size on every route, chunked bodies included (413; a JSON-RPC error on {@code /mcp}), each principal's request rate on {@code POST /mcp}
 * and {@code /v1/*} (429 with {@code Retry-After}, a JSON-RPC error on {@code /mcp}) and its concurrent streams
 * ({@code GET /events}, {@code GET /mcp}, an MCP {@code subscriptions/listen} POST and {@code /ws}: 429). Registered
 * after authentication, so a request is counted against the principal it proved to be.
 *
 * <p>Below HTTP, on the server itself: at most {@code maxTcpConnections} TCP connections accepted at once (Jetty's
 * {@link NetworkConnectionLimit}: at the limit the server stops accepting, so a further client waits in the
 * kernel's backlog unserved, and accepts again as soon as one closes), and every connection closed after
 * {@code idleTimeout} without traffic, so idle sockets cannot hold the slots forever. An open stream is not idle: its
 * keep-alives are traffic.
 */
public final class LimitRoutes implements GatewayFeature {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COUNTED = "mmpipe.limits.counted";
  private static final String PERMIT = "mmpipe.limits.permit";

  private final LimitSettings settings;
  private final PrincipalResolver principals;
  private final TokenBuckets rates;
  private final StreamQuota streams;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile NetworkConnectionLimit tcp;

  public LimitRoutes(LimitSettings settings, PrincipalResolver principals) {
    this.settings = settings;
    this.principals = principals;
    this.rates = new TokenBuckets(settings.rateBurst(), settings.ratePerSecond(), settings.rateKeys(),
        System::nanoTime);
    this.streams = new StreamQuota(settings.streamsPerPrincipal());
  }

  @Override
  public void server(JettyConfig jetty) {
    jetty.modifyServer(server -> {
      // added before the limit, so the connectors have their idle timeout before the limit registers with them
      server.addBean(new IdleTimeout(server, settings.idleTimeout().toMillis()));
      NetworkConnectionLimit limit = new NetworkConnectionLimit(settings.maxTcpConnections(), server);
      server.addBean(limit);
      tcp = limit;
    });
  }

  /** Sets every connector's idle timeout when the server starts (the connectors exist only by then). */
  private static final class IdleTimeout extends AbstractLifeCycle {
    private final Server server;
    private final long millis;

    IdleTimeout(Server server, long millis) {
      this.server = server;
      this.millis = millis;
    }

    @Override
    protected void doStart() {
      for (Connector c : server.getConnectors()) {
        if (c instanceof AbstractConnector a) {
          a.setIdleTimeout(millis);
        }
      }
    }
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.exception(JsonRpcRefusal.class, (e, ctx) ->
        ctx.status(e.status).contentType("application/json").result(e.getMessage()));
    routes.before(this::before);
    routes.after(this::after);
    // an upgrade passes no HTTP after-handler: what it took is given back here when refused, else when the
    // connection ends (UpgradeEnd: the endpoint runs the release)
    routes.wsBeforeUpgrade("/ws", ctx -> {
      enterGlobal(ctx);
      StreamQuota.Permit permit;
      try {
        permit = stream(ctx);
      } catch (RuntimeException e) {
        ctx.attribute(COUNTED, null);
        inFlight.decrementAndGet();
        throw e;
      }
      ctx.attribute(COUNTED, null); // the connection's release gives it back, not the request's end
      UpgradeEnd.onEnd(ctx, () -> { // run once by the endpoint (WsRoutes)
        permit.close();
        inFlight.decrementAndGet();
      });
    });
  }

  private void before(Context ctx) {
    enterGlobal(ctx);
    String path = ctx.path();
    boolean mcp = path.equals("/mcp");
    boolean api = path.startsWith("/v1/");
    checkBodySize(ctx, mcp);
    boolean post = "POST".equals(ctx.method().name());
    if ((mcp && post) || (api && !"OPTIONS".equals(ctx.method().name()))) {
      long wait = rates.take(key(ctx));
      if (wait > 0) {
        tooMany(ctx, mcp, "too many requests: at most " + settings.rateBurst() + " at once and "
            + settings.ratePerSecond() + " a second", wait);
      }
    }
    boolean listen = mcp && post && "subscriptions/listen".equals(ctx.header("Mcp-Method"));
    boolean get = "GET".equals(ctx.method().name());
    if (listen || (get && (mcp || path.equals("/events")))) {
      ctx.attribute(PERMIT, stream(ctx));
    }
  }

  /**
   * 413 for a body over the limit, on every route: by its {@code Content-Length}, or, when it has none (chunked), by
   * reading it here up to one byte past the limit and putting what was read back for the handler. The rest of an
   * oversized body is never read: the server closes the connection after the answer.
   */
  private void checkBodySize(Context ctx, boolean mcp) {
    int max = settings.maxBodyBytes();
    long declared = ctx.contentLength();
    boolean tooLarge = declared > max;
    if (declared < 0 && MAY_HAVE_BODY.contains(ctx.method().name())) {
      try {
        byte[] body = BufferedBody.read(ctx.req().getInputStream(), max);
        tooLarge = body == null;
        if (!tooLarge && !BufferedBody.putBack(ctx.req(), body)) {
          throw new IllegalStateException("the request cannot be given its body back");
        }
      } catch (java.io.IOException e) {
        throw new ApiException(400, "unreadable_body", "the request body could not be read");
      }
    }
    if (!tooLarge) {
      return;
    }
    String message = "the request body is larger than " + max + " bytes";
    if (mcp) {
      ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").putNull("id");
      body.putObject("error").put("code", -32600).put("message", message);
      throw new JsonRpcRefusal(413, body.toString());
    }
    throw new ApiException(413, "body_too_large", message);
  }

  private static final java.util.Set<String> MAY_HAVE_BODY = java.util.Set.of("POST", "PUT", "PATCH");

  private void enterGlobal(Context ctx) {
    if (inFlight.incrementAndGet() > settings.maxConnections()) {
      inFlight.decrementAndGet();
      throw new ApiException(503, "too_many_connections", "this instance serves its maximum of "
          + settings.maxConnections() + " connections; retry later", Map.of("Retry-After", "5"));
    }
    ctx.attribute(COUNTED, Boolean.TRUE);
  }

  private StreamQuota.Permit stream(Context ctx) {
    StreamQuota.Permit permit = streams.tryAcquire(key(ctx));
    if (permit == null) {
      tooMany(ctx, ctx.path().equals("/mcp"), "too many streams: at most " + streams.perKey()
          + " open at once per principal", 5);
    }
    return permit;
  }

  private void after(Context ctx) {
    end(ctx.attribute(PERMIT), ctx.attribute(COUNTED), () -> ctx.attribute(COUNTED, null));
  }

  /** Gives back what a request took. */
  private void end(Object permit, Object counted, Runnable forget) {
    if (permit instanceof StreamQuota.Permit p) {
      p.close();
    }
    if (counted != null) {
      forget.run();
      inFlight.decrementAndGet();
    }
  }

  /** The principal's name, or the caller's address when it proved none (its request is refused anyway). */
  private String key(Context ctx) {
    try {
      return "principal:" + principals.resolve(ctx).name();
    } catch (HttpResponseException e) {
      return "address:" + ctx.ip();
    }
  }

  private static void tooMany(Context ctx, boolean jsonRpc, String message, long retryAfter) {
    drain(ctx);
    if (!jsonRpc) {
      throw new ApiException(429, "rate_limited", message, Map.of("Retry-After", Long.toString(retryAfter)));
    }
    ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").putNull("id");
    body.putObject("error").put("code", -32000).put("message", message);
    ctx.header("Retry-After", Long.toString(retryAfter));
    throw new JsonRpcRefusal(429, body.toString());
  }

  /**
   * Reads a refused request's body (its size was checked above): the server otherwise closes the connection after the
   * answer, and an HTTP/1.1 client that already reuses it for its next request sees that request fail with no answer.
   */
  private static void drain(Context ctx) {
    if (ctx.contentLength() > 0) {
      try {
        ctx.bodyAsBytes();
      } catch (RuntimeException e) {
        // unreadable: the answer is a refusal either way, and the server closes the connection
      }
    }
  }

  /** A refusal on {@code /mcp} (429, 413): the body is a JSON-RPC error, written by the exception handler above. */
  static final class JsonRpcRefusal extends RuntimeException {
    final int status;

    JsonRpcRefusal(int status, String body) {
      super(body, null, false, false);
      this.status = status;
    }
  }

  /** Open requests and WebSocket connections now (the gauge of the global limit). */
  public int inFlight() {
    return inFlight.get();
  }

  /** TCP connections accepted and open now (-1 before the server starts). */
  public int tcpConnections() {
    NetworkConnectionLimit limit = tcp;
    return limit == null ? -1 : limit.getNetworkConnectionCount();
  }

  /** Principals with rate buckets remembered. */
  public int rateKeys() {
    return rates.size();
  }
}
