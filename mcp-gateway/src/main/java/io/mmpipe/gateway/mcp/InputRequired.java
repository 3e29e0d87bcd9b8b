package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ends a 2026-07-28 attempt that needs client input: the dispatcher answers {@link #result()} (resultType
 * {@code input_required}, the requests and the signed state) instead of the method's result. Thrown only by
 * {@link ModernInput}; methods let it pass.
 */
final class InputRequired extends RuntimeException {

  private final transient ObjectNode result;

  InputRequired(ObjectNode inputRequests, String requestState) {
    super("input required", null, false, false);
    ObjectNode r = JsonRpc.JSON.createObjectNode().put("resultType", "input_required");
    r.set("inputRequests", inputRequests);
    r.put("requestState", requestState);
    this.result = r;
  }

  ObjectNode result() {
    return result.deepCopy();
  }
}
