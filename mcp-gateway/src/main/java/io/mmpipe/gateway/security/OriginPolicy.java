package io.mmpipe.gateway.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Origin validation (a browser page on another site must not read the stream, and MCP requires it). Requests
 * without an {@code Origin} header (curl, programs) pass; browser requests pass when their origin is in the allow
 * list, or, with no list configured, when the origin is a loopback host.
 */
public final class OriginPolicy implements Handler {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private final List<String> allowed;

  /** @param allowed exact origins ({@code https://dash.example.com}), or {@code *}; empty means loopback only */
  public OriginPolicy(List<String> allowed) {
    this.allowed = allowed.stream().map(s -> s.toLowerCase(Locale.ROOT).replaceAll("/+$", "")).toList();
  }

  public boolean allows(String origin) {
    if (origin == null || origin.isBlank()) {
      return true;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (!allowed.isEmpty()) {
      return allowed.contains("*") || allowed.contains(o);
    }
    try {
      URI u = URI.create(o);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && LOOPBACK.contains(u.getHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public void handle(Context ctx) {
    String origin = ctx.header("Origin");
    if (!allows(origin)) {
      throw new ForbiddenResponse("origin not allowed");
    }
  }
}
