package io.mmpipe.sim.ws;

import java.io.IOException;
import java.net.HttpCookie;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;

/**
 * The servlet behind {@code /api/v4/websocket}: decides at upgrade time which token the socket presented (cookie
 * MMAUTHTOKEN, then Authorization Bearer, then Authorization Token) and rejects {@code ?access_token=} with 401.
 */
public final class WebSocketEndpoint extends JettyWebSocketServlet {

  private final transient Hub hub;

  public WebSocketEndpoint(Hub hub) {
    this.hub = hub;
  }

  @Override
  protected void configure(JettyWebSocketServletFactory factory) {
    factory.setMaxTextMessageSize(SimSocket.MAX_CLIENT_FRAME);
    factory.setCreator(this::create);
  }

  private Object create(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
    Map<String, List<String>> params = req.getParameterMap();
    if (params.containsKey("access_token")) {
      try {
        resp.sendError(401, "api.context.token_provided.app_error: tokens are not accepted in the URL");
      } catch (IOException e) {
        // the client is gone; nothing to answer
      }
      return null;
    }
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
