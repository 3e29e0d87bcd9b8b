package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.mcp.session.SessionRecord;
import io.mmpipe.gateway.security.Principal;
import java.util.function.BooleanSupplier;

/**
 * What a method knows about the request it serves.
 *
 * @param era             the protocol rules in force
 * @param protocolVersion the negotiated (legacy) or declared (modern) version
 * @param principal       who is asking; every read is filtered by its scope
 * @param requestId       the JSON-RPC id
 * @param session         the legacy session, or null (modern era, or before {@code initialize} completes)
 * @param cancelled       true once the client cancelled the request ({@code notifications/cancelled})
 */
public record Call(Era era, String protocolVersion, Principal principal, JsonNode requestId, SessionRecord session,
                   BooleanSupplier cancelled) {

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
