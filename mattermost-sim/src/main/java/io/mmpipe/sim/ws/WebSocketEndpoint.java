package io.mmpipe.sim.ws;

import io.mmpipe.sim.model.Shapes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * The servlet behind {@code /api/v4/websocket}: decides at upgrade time which token the socket presented (cookie
 * MMAUTHTOKEN, then Authorization Bearer, then Authorization Token) and rejects {@code ?access_token=} with 401.
 * Every refusal is an AppError JSON body with X-Request-Id and X-Version-Id, as the server's handler writes it,
 * never Jetty's HTML error page: a client reading the body must find the error id there.
 */
public final class WebSocketEndpoint extends JettyWebSocketServlet {

  private final transient Hub hub;
  private final transient Supplier<String> requestIds;

  public WebSocketEndpoint(Hub hub, Supplier<String> requestIds) {
    this.hub = hub;
    this.requestIds = requestIds;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    if (!"GET".equals(req.getMethod())) {
      // the route is registered for GET only
      appError(resp, 405, "api.context.405.app_error", "Method not allowed.");
      return;
    }
    String urlToken = req.getParameter("access_token");
    if (urlToken != null) {
      // the server resolves the session first: an unknown token is an expired session, a known one is refused
      // because only OAuth sessions may authenticate in the query string
      if (hub.backend().userIdForToken(urlToken).isEmpty()) {
        appError(resp, 401, "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.");
      } else {
        appError(resp, 401, "api.context.token_provided.app_error",
            "Session is not OAuth but token was provided in the query string.");
      }
      return;
    }
    super.service(req, resp);
  }

  /** A GET the upgrade did not take (no or bad WebSocket headers): the upgrader's failure, as AppError JSON. */
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    appError(resp, 400, "api.web_socket.connect.upgrade.app_error", "Failed to upgrade websocket connection.");
  }

  private void appError(HttpServletResponse resp, int status, String id, String message) throws IOException {
    String requestId = requestIds.get();
    byte[] bytes = Shapes.toJson(Shapes.appError(status, id, message, requestId)).getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setHeader("X-Request-Id", requestId);
    resp.setHeader("X-Version-Id", hub.backend().serverVersion());
    resp.setContentType("application/json");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  @Override
  protected void configure(JettyWebSocketServletFactory factory) {
    factory.setMaxTextMessageSize(SimSocket.MAX_CLIENT_FRAME);
    factory.setCreator(this::create);
  }

  private Object create(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
    Map<String, List<String>> params = req.getParameterMap();
    String connectionId = first(params, "connection_id");
    String seq = first(params, "sequence_number");
    Long sequenceNumber = null;
    if (seq != null) {
      try {
        sequenceNumber = Long.parseLong(seq);
      } catch (NumberFormatException e) {
        sequenceNumber = null;
      }
    }
    return new SimSocket(hub, token(req), connectionId == null || connectionId.isEmpty() ? null : connectionId,
        sequenceNumber);
  }

  static String token(JettyServerUpgradeRequest req) {
    List<HttpCookie> cookies = req.getCookies();
    if (cookies != null) {
      for (HttpCookie c : cookies) {
        if ("MMAUTHTOKEN".equals(c.getName()) && !c.getValue().isEmpty()) {
          return c.getValue();
        }
      }
    }
    String auth = req.getHeader("Authorization");
    if (auth != null) {
      String a = auth.trim();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return a.substring(7).trim();
      }
      if (a.regionMatches(true, 0, "Token ", 0, 6)) {
        return a.substring(6).trim();
      }
    }
    return null;
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
