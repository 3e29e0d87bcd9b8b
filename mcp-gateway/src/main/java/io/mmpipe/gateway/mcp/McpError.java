package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A protocol error: answered as a JSON-RPC error object with {@link #code()}, a message fit for the client and
 * optional {@code data}, under the HTTP status the era prescribes. Never carries a stack trace to the client.
 */
public final class McpError extends RuntimeException {

  private final int code;
  private final JsonNode data;
  private final int httpStatus;

  public McpError(int code, String message, JsonNode data, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
    this.httpStatus = httpStatus;
  }

  /** Invalid params (-32602), HTTP 200: a well-formed request the method cannot accept. */
  public static McpError invalidParams(String message) {
    return new McpError(JsonRpc.INVALID_PARAMS, message, null, 200);
  }

  public static McpError invalidRequest(String message) {
    return new McpError(JsonRpc.INVALID_REQUEST, message, null, 400);
  }

  public int code() {
    return code;
  }

  public JsonNode data() {
    return data;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The same error under another HTTP status. */
  public McpError withStatus(int status) {
    return new McpError(code, getMessage(), data, status);
  }
}
