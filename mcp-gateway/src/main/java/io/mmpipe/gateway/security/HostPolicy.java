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
 * Origin check). With an allow list ({@code GATEWAY_ALLOWED_HOSTS}) only those names pass ({@code name} on any port,
 * {@code name:port} on that port). Without one, a gateway bound to a loopback address accepts only the loopback
 * names with the port it listens on; one bound to other interfaces (behind a load balancer that checks the name)
 * accepts any. A request without a Host header is refused: nothing then says it was meant for this gateway.
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
   * @param allowed host names ({@code name} or {@code name:port}), or {@code *}; empty: decided by {@code bind}
   */
  public static HostPolicy forBind(String bind, List<String> allowed) {
    return new HostPolicy(allowed, LOOPBACK.contains(bind.toLowerCase(Locale.ROOT)));
  }

  /** Every host passes (handler tests, which pick their own host names). */
  public static HostPolicy any() {
    return new HostPolicy(List.of("*"), false);
  }

  /**
   * @param hostHeader the request's Host header
   * @param localPort  the port the connection reached (a loopback name must name it; absent means 80)
   */
  public boolean allows(String hostHeader, int localPort) {
    if (allowed.contains("*")) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    String name = hostName(h);
    if (!allowed.isEmpty()) {
      return allowed.contains(h) || allowed.contains(name);
    }
    if (!loopbackOnly) {
      return true;
    }
    String port = h.substring(name.length());
    int p;
    try {
      p = port.isEmpty() ? 80 : Integer.parseInt(port.substring(1));
    } catch (NumberFormatException e) {
      return false;
    }
    return LOOPBACK.contains(name) && p == localPort;
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
    if (!allows(ctx.header("Host"), ctx.req().getLocalPort())) {
      throw new ForbiddenResponse("host not allowed");
    }
  }
}
