package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.mcp.session.SessionRecord;
import io.mmpipe.gateway.security.Principal;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
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
 * @param clientCapabilities what the client declared (modern: the request's {@code _meta}; legacy: the session's
 *                        {@code initialize}); null when unknown
 * @param requestLogLevel the modern request's {@code _meta["io.modelcontextprotocol/logLevel"]}: without it no log
 *                        notification is sent (legacy calls use the session's level instead)
 * @param input           how {@link #input} reaches the client in this era
 */
public record Call(Era era, String protocolVersion, Principal principal, JsonNode requestId, SessionRecord session,
                   BooleanSupplier cancelled, RelatedMessages related, JsonNode progressToken,
                   JsonNode clientCapabilities, String requestLogLevel, ClientInput input) {

  /** A call that cannot ask the client for input and knows none of its capabilities (tests, internal use). */
  public Call(Era era, String protocolVersion, Principal principal, JsonNode requestId, SessionRecord session,
              BooleanSupplier cancelled, RelatedMessages related, JsonNode progressToken) {
    this(era, protocolVersion, principal, requestId, session, cancelled, related, progressToken, null, null,
        ClientInput.NONE);
  }

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
    String min;
    if (modern()) {
      if (requestLogLevel == null) {
        return; // 2026-07-28: no log notifications unless the request asked for them
      }
      min = requestLogLevel;
    } else {
      min = session == null ? null : session.logLevel();
    }
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

  /**
   * The client's results for {@code requests} (keys are the method's own names for them). Modern: from the retry
   * that answered them; when some are missing this attempt ends with an {@code input_required} result (the method
   * runs again, from the top, on the retry). Legacy: asked on the response stream, waiting for the answers.
   *
   * @throws McpError -32021 when a request needs a capability the client did not declare
   */
  public Map<String, ObjectNode> input(Map<String, InputRequest> requests) throws InterruptedException {
    return input.ask(this, requests);
  }

  /** One request's result; see {@link #input(Map)}. */
  public ObjectNode input(String key, InputRequest request) throws InterruptedException {
    return input(Map.of(key, request)).get(key);
  }

  /** True when this (modern) attempt came back with a verified {@code requestState}. */
  public boolean resumedWithState() {
    return input.resumed();
  }

  /** Whether the client declared {@code capability} (e.g. {@code sampling}, {@code elicitation}, {@code roots}). */
  public boolean clientSupports(String capability) {
    return clientCapabilities != null && clientCapabilities.path(capability).isObject();
  }

  /**
   * Fails the request unless the client declared {@code capability}.
   *
   * @throws McpError -32021 with {@code data.requiredCapabilities} (HTTP 400 in the modern era)
   */
  public void requireCapability(String capability) {
    if (!clientSupports(capability)) {
      ObjectNode data = JsonRpc.JSON.createObjectNode();
      data.putObject("requiredCapabilities").putObject(capability);
      throw new McpError(JsonRpc.MISSING_CAPABILITY, "this request needs the client capability '" + capability
          + "', which the client did not declare", data, modern() ? 400 : 200);
    }
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
