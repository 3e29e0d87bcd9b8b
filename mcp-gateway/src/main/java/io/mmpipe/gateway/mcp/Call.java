package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.mcp.session.SessionRecord;
import io.mmpipe.gateway.security.Principal;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a method knows about the request it serves.
 *
 * @param era             the protocol rules in force
 * @param protocolVersion the negotiated (legacy) or declared (modern) version
 * @param principal       who is asking; every read is filtered by its scope
 * @param requestId       the JSON-RPC id
 * @param session         the legacy session, or null (modern era, or before {@code initialize} completes)
 * @param cancelled       true once the client cancelled the request ({@code notifications/cancelled}, or by
 *                        closing the response stream)
 * @param related         where {@link #progress} and {@link #log} notifications go
 * @param progressToken   the request's {@code _meta.progressToken}, or null
 */
public record Call(Era era, String protocolVersion, Principal principal, JsonNode requestId, SessionRecord session,
                   BooleanSupplier cancelled, RelatedMessages related, JsonNode progressToken) {

  /** Log levels from least to most severe (RFC 5424 names, as MCP uses them). */
  public static final List<String> LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** Reports progress, when the client asked for it with a progress token. */
  public void progress(double progress, Double total, String message) {
    if (progressToken == null) {
      return;
    }
    ObjectNode p = JsonRpc.JSON.createObjectNode();
    p.set("progressToken", progressToken);
    p.put("progress", progress);
    if (total != null) {
      p.put("total", total);
    }
    if (message != null) {
      p.put("message", message);
    }
    related.send(JsonRpc.notification("notifications/progress", p));
  }

  /** Sends a log message about this request, when it is at least the level the session set (all without one). */
  public void log(String level, String logger, JsonNode data) {
    int at = LEVELS.indexOf(level);
    if (at < 0) {
      throw new IllegalArgumentException("unknown log level " + level);
    }
    String min = session == null ? null : session.logLevel();
    if (min != null && at < LEVELS.indexOf(min)) {
      return;
    }
    ObjectNode p = JsonRpc.JSON.createObjectNode().put("level", level);
    if (logger != null) {
      p.put("logger", logger);
    }
    p.set("data", data);
    related.send(JsonRpc.notification("notifications/message", p));
  }

  public boolean modern() {
    return era == Era.MODERN;
  }

  /** "Not found" in the era's words: -32602 (2026-07-28) or -32002 (legacy), both with {@code data.uri}. */
  public McpError resourceNotFound(String uri) {
    var data = JsonRpc.JSON.createObjectNode().put("uri", uri);
    int code = modern() ? JsonRpc.INVALID_PARAMS : JsonRpc.RESOURCE_NOT_FOUND;
    return new McpError(code, "resource not found: " + uri, data, 200);
  }
}
