package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One JSON-RPC message from a client, checked for shape only (what the method makes of its params is the method's
 * business).
 *
 * @param id     the request id (string or number); null for notifications and responses
 * @param method the method; null for a response
 * @param params the params object (empty when absent)
 * @param response the whole message when it is a response or error from the client, else null
 */
public record Message(JsonNode id, String method, ObjectNode params, ObjectNode response) {

  public Message(JsonNode id, String method, ObjectNode params) {
    this(id, method, params, null);
  }

  /** Deep or huge documents are refused while parsing, before they cost memory. */
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  public boolean isRequest() {
    return id != null && method != null;
  }

  public boolean isNotification() {
    return id == null && method != null;
  }

  /** A response or error from the client (to a server-to-client request). */
  public boolean isResponse() {
    return method == null;
  }

  /** The text field {@code name} of params, or null. */
  public String param(String name) {
    JsonNode v = params.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * Parses one message.
   *
   * @throws McpError -32700 for malformed JSON, -32600 for anything that is not one JSON-RPC 2.0 message
   */
  public static Message parse(byte[] body) {
    JsonNode n;
    try {
      n = STRICT.readTree(body);
    } catch (IOException e) {
      throw new McpError(JsonRpc.PARSE_ERROR, "parse error: the body is not valid JSON", null, 400);
    }
    if (n == null || n.isMissingNode()) {
      throw new McpError(JsonRpc.PARSE_ERROR, "parse error: the body is empty", null, 400);
    }
    if (n.isArray()) {
      throw McpError.invalidRequest("batches are not supported: send one JSON-RPC message per request");
    }
    if (!n.isObject()) {
      throw McpError.invalidRequest("a JSON-RPC message must be an object");
    }
    if (!"2.0".equals(n.path("jsonrpc").asText(null)) || !n.get("jsonrpc").isTextual()) {
      throw McpError.invalidRequest("jsonrpc must be \"2.0\"");
    }
    JsonNode id = n.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      throw McpError.invalidRequest("id must be a string or an integer");
    }
    JsonNode method = n.get("method");
    if (method == null) {
      if (id == null || !(n.has("result") || n.has("error"))) {
        throw McpError.invalidRequest("a message needs a method (request, notification) or a result/error");
      }
      return new Message(id, null, JsonRpc.JSON.createObjectNode(), (ObjectNode) n);
    }
    if (!method.isTextual() || method.asText().isEmpty()) {
      throw McpError.invalidRequest("method must be a non-empty string");
    }
    JsonNode params = n.get("params");
    if (params != null && !params.isObject() && !params.isNull()) {
      throw McpError.invalidRequest("params must be an object");
    }
    ObjectNode p = params instanceof ObjectNode o ? o : JsonRpc.JSON.createObjectNode();
    return new Message(id, method.asText(), p);
  }
}
