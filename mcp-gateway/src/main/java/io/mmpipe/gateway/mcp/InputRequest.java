package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something a method needs from the client before it can answer: a server-to-client request
 * ({@code elicitation/create}, {@code sampling/createMessage}, {@code roots/list}). In the 2026-07-28 era it travels
 * in an {@code input_required} result and comes back in the retry's {@code inputResponses}; in the legacy era it is
 * sent on the request's SSE response stream and answered by a POST of a JSON-RPC response.
 *
 * @param method the client method
 * @param params its params
 */
public record InputRequest(String method, ObjectNode params) {

  public InputRequest {
    if (method == null || method.isBlank() || params == null) {
      throw new IllegalArgumentException("an input request needs a method and params");
    }
  }

  /** {@code elicitation/create}: ask the user, answers matching {@code requestedSchema}. */
  public static InputRequest elicit(String message, ObjectNode requestedSchema) {
    ObjectNode p = JsonRpc.JSON.createObjectNode().put("message", message);
    p.set("requestedSchema", requestedSchema);
    return new InputRequest("elicitation/create", p);
  }

  /** {@code sampling/createMessage} with one user text message. */
  public static InputRequest sample(String prompt, int maxTokens) {
    ObjectNode p = JsonRpc.JSON.createObjectNode();
    p.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
        .put("text", prompt);
    p.put("maxTokens", maxTokens);
    return new InputRequest("sampling/createMessage", p);
  }

  /** {@code roots/list}. */
  public static InputRequest listRoots() {
    return new InputRequest("roots/list", JsonRpc.JSON.createObjectNode());
  }

  /** The client capability the method needs ({@code elicitation}, {@code sampling}, {@code roots}), or null. */
  public String capability() {
    return switch (method) {
      case "elicitation/create" -> "elicitation";
      case "sampling/createMessage" -> "sampling";
      case "roots/list" -> "roots";
      default -> null;
    };
  }

  ObjectNode toJson() {
    ObjectNode n = JsonRpc.JSON.createObjectNode().put("method", method);
    n.set("params", params);
    return n;
  }
}
