package io.mmpipe.gateway.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;

/**
 * Origin validation (a browser page on another site must not read the stream, and MCP requires it). Origins are
 * compared exactly (scheme, host and port): the gateway's own origin (the scheme and the Host the request was sent
 * to, so the dashboard it serves works) and the configured ones ({@code GATEWAY_ALLOWED_ORIGINS}) pass; a page on
 * another port of localhost does not. Requests without an {@code Origin} header (curl, programs) pass here; they
 * still need an allowed Host ({@link HostPolicy}, which runs first).
 */
public final class OriginPolicy implements Handler {

  private final List<String> allowed;

  /** @param allowed exact origins ({@code https://dash.example.com}), or {@code *}; empty: the own origin only */
  public OriginPolicy(List<String> allowed) {
    this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
  }

  /**
   * @param origin the request's Origin header, or null
   * @param host   the request's Host header (already checked by {@link HostPolicy}): the gateway's own origin
   */
  public boolean allows(String origin, String host) {
    if (origin == null || origin.isBlank()) {
      return true;
    }
    String o = normalize(origin);
    if (allowed.contains("*") || allowed.contains(o)) {
      return true;
    }
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    return o.equals("http://" + h) || o.equals("https://" + h);
  }

  private static String normalize(String origin) {
    return origin.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
  }

  @Override
  public void handle(Context ctx) {
    if (!allows(ctx.header("Origin"), ctx.header("Host"))) {
      throw new ForbiddenResponse("origin not allowed");
    }
  }
}
