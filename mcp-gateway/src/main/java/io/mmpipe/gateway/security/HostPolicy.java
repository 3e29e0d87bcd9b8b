package io.mmpipe.gateway.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Host validation against DNS rebinding: a page on {@code evil.example} whose name is re-pointed at 127.0.0.1 reaches
 * a local gateway with {@code Host: evil.example}; refusing unknown hosts keeps it out (MCP asks for this besides the
 * Origin check). With an allow list only those host names pass; without one, a gateway bound to a loopback address
 * accepts only loopback host names, and one bound to other interfaces (behind a load balancer) accepts any. A request
 * without a Host header (HTTP/1.0, no browser) passes.
 */
public final class HostPolicy implements Handler {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
  private final List<String> allowed;
  private final boolean loopbackOnly;

  private HostPolicy(List<String> allowed, boolean loopbackOnly) {
    this.allowed = allowed.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    this.loopbackOnly = loopbackOnly;
  }

  /**
   * @param bind    the address the server listens on
   * @param allowed host names (no port), or {@code *}; empty: decided by {@code bind}
   */
  public static HostPolicy forBind(String bind, List<String> allowed) {
    return new HostPolicy(allowed, LOOPBACK.contains(bind.toLowerCase(Locale.ROOT)));
  }

  /** Every host passes (handler tests, which pick their own host names). */
  public static HostPolicy any() {
    return new HostPolicy(List.of("*"), false);
  }

  public boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return true;
    }
    String host = hostName(hostHeader.trim().toLowerCase(Locale.ROOT));
    if (!allowed.isEmpty()) {
      return allowed.contains("*") || allowed.contains(host);
    }
    return !loopbackOnly || LOOPBACK.contains(host);
  }

  /** The name without the port: {@code [::1]:8080} → {@code [::1]}, {@code localhost:8080} → {@code localhost}. */
  private static String hostName(String h) {
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  @Override
  public void handle(Context ctx) {
    if (!allows(ctx.header("Host"))) {
      throw new ForbiddenResponse("host not allowed");
    }
  }
}
