package io.mmpipe.gateway.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.security.PrincipalResolver;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits in front of every handler: the global limit on requests and WebSocket connections held at once (503),
 * the request body size on {@code /mcp} and {@code /v1/*} (413), each principal's request rate on {@code POST /mcp}
 * and {@code /v1/*} (429 with {@code Retry-After}, a JSON-RPC error on {@code /mcp}) and its concurrent streams
 * ({@code GET /events}, {@code GET /mcp}, an MCP {@code subscriptions/listen} POST and {@code /ws}: 429). Registered
 * after authentication, so a request is counted against the principal it proved to be.
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

  public LimitRoutes(LimitSettings settings, PrincipalResolver principals) {
    this.settings = settings;
    this.principals = principals;
    this.rates = new TokenBuckets(settings.rateBurst(), settings.ratePerSecond(), settings.rateKeys(),
        System::nanoTime);
    this.streams = new StreamQuota(settings.streamsPerPrincipal());
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.exception(JsonRpcRefusal.class, (e, ctx) ->
        ctx.status(429).contentType("application/json").result(e.getMessage()));
    routes.before(this::before);
    routes.after(this::after);
    // an upgrade passes no HTTP after-handler: what it took is given back here when refused, else on close
    routes.wsBeforeUpgrade("/ws", ctx -> {
      enterGlobal(ctx);
      try {
        ctx.attribute(PERMIT, stream(ctx));
      } catch (RuntimeException e) {
        ctx.attribute(COUNTED, null);
        inFlight.decrementAndGet();
        throw e;
      }
    });
    routes.addWsHandler(WsHandlerType.WEBSOCKET_AFTER, "/ws", ws -> {
      ws.onClose(this::endWs);
      ws.onError(this::endWs);
    });
  }

  private void before(Context ctx) {
    enterGlobal(ctx);
    String path = ctx.path();
    boolean mcp = path.equals("/mcp");
    boolean api = path.startsWith("/v1/");
    if ((mcp || api) && ctx.contentLength() > settings.maxBodyBytes()) {
      throw new ApiException(413, "body_too_large", "the request body is larger than "
          + settings.maxBodyBytes() + " bytes");
    }
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

  private void endWs(WsContext ctx) {
    end(ctx.attribute(PERMIT), ctx.attribute(COUNTED), () -> ctx.attribute(COUNTED, null));
  }

  /** Gives back what a request or connection took; once, though a WebSocket may report both error and close. */
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
    throw new JsonRpcRefusal(body.toString());
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

  /** A 429 on {@code /mcp}: the body is a JSON-RPC error, written by the exception handler below. */
  static final class JsonRpcRefusal extends RuntimeException {
    JsonRpcRefusal(String body) {
      super(body, null, false, false);
    }
  }

  /** Open requests and WebSocket connections now (the gauge of the global limit). */
  public int inFlight() {
    return inFlight.get();
  }

  /** Principals with rate buckets remembered. */
  public int rateKeys() {
    return rates.size();
  }
}
