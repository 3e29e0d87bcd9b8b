package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 error codes used by MCP and the message shapes the gateway writes. */
public final class JsonRpc {

  public static final ObjectMapper JSON = new ObjectMapper();

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** Legacy era: resources/read of an unknown uri. */
  public static final int RESOURCE_NOT_FOUND = -32002;
  /** 2026-07-28: a header disagrees with the body. */
  public static final int HEADER_MISMATCH = -32020;
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  public static final int MISSING_CAPABILITY = -32021;
  /** 2026-07-28: unsupported protocol version ({@code data.supported} lists ours). */
  public static final int UNSUPPORTED_VERSION = -32022;

  private JsonRpc() {}

  public static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode n = JSON.createObjectNode().put("jsonrpc", "2.0");
    n.set("id", id);
    n.set("result", result);
    return n;
  }

  /** An error response; {@code id} is JSON null when the request's id could not be read. */
  public static ObjectNode error(JsonNode id, McpError e) {
    ObjectNode n = JSON.createObjectNode().put("jsonrpc", "2.0");
    n.set("id", id == null ? JSON.nullNode() : id);
    ObjectNode err = n.putObject("error").put("code", e.code()).put("message", e.getMessage());
    if (e.data() != null) {
      err.set("data", e.data());
    }
    return n;
  }

  public static ObjectNode notification(String method, ObjectNode params) {
    ObjectNode n = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    n.set("params", params);
    return n;
  }
}
