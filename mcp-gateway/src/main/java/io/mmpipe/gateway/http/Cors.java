package io.mmpipe.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mmpipe.gateway.security.OriginPolicy;

/**
 * CORS for a browser page on another allowed origin (a dashboard served elsewhere reading {@code /events} with
 * {@code EventSource}). The response names the request's own origin, and only when {@link OriginPolicy} allows it;
 * a disallowed origin never gets here ({@code OriginPolicy} answers 403 first). Never {@code *}: with credentials a
 * browser would refuse it, and echoing one origin keeps caches honest through {@code Vary: Origin}.
 */
public final class Cors {

  private static final String ALLOWED_HEADERS = "Authorization, Last-Event-ID, Cache-Control, Content-Type";

  private final OriginPolicy origins;

  public Cors(OriginPolicy origins) {
    this.origins = origins;
  }

  /** Adds the allow headers to a response to {@code ctx}'s origin, when it sent one and it is allowed. */
  public void allow(Context ctx) {
    String origin = ctx.header("Origin");
    ctx.header("Vary", "Origin");
    if (origin != null && !origin.isBlank() && origins.allows(origin, ctx.header("Host"))) {
      ctx.header("Access-Control-Allow-Origin", origin.trim());
      ctx.header("Access-Control-Allow-Credentials", "true");
    }
  }

  /** The preflight answer ({@code OPTIONS}): 204 with what a GET from that origin may send. */
  public Handler preflight() {
    return ctx -> {
      allow(ctx);
      ctx.header("Access-Control-Allow-Methods", "GET, OPTIONS");
      ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      ctx.header("Access-Control-Max-Age", "600");
      ctx.status(204);
    };
  }
}
