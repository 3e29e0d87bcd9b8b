package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Client input in the 2026-07-28 era, for one attempt of a request: answers come from the retry's
 * {@code inputResponses} and from the {@code requestState} of earlier rounds (verified); the first {@link #ask}
 * that finds something missing ends the attempt with {@link InputRequired}, whose state carries every answer used so
 * far. The method runs again from the top on the retry, finding its earlier answers in the state.
 */
final class ModernInput implements ClientInput {

  private final RequestStates states;
  private final String method;
  private final String target;
  private final ObjectNode known = JsonRpc.JSON.createObjectNode();
  private final ObjectNode used = JsonRpc.JSON.createObjectNode();
  private final boolean resumed;

  /**
   * @throws McpError -32602 for {@code inputResponses} that is not an object, or a {@code requestState} that fails
   *                  verification
   */
  ModernInput(RequestStates states, String method, String target, ObjectNode params) {
    this.states = states;
    this.method = method;
    this.target = target == null ? "" : target;
    JsonNode state = params.get("requestState");
    if (state != null && !state.isNull()) {
      if (!state.isTextual()) {
        throw McpError.invalidParams("requestState must be the string the server sent");
      }
      known.setAll(states.verify(state.asText(), method, this.target));
    }
    this.resumed = state != null && !state.isNull();
    if (params.has("inputResponses")) {
      JsonNode responses = params.get("inputResponses");
      if (!(responses instanceof ObjectNode o)) {
        throw McpError.invalidParams("inputResponses must be an object mapping each inputRequests key to the "
            + "client's result");
      }
      known.setAll(o);
    }
  }

  @Override
  public Map<String, ObjectNode> ask(Call call, Map<String, InputRequest> requests) {
    Map<String, ObjectNode> answers = new java.util.LinkedHashMap<>();
    ObjectNode missing = JsonRpc.JSON.createObjectNode();
    for (Map.Entry<String, InputRequest> e : requests.entrySet()) {
      JsonNode answer = known.get(e.getKey());
      if (answer == null || answer.isNull()) {
        String cap = e.getValue().capability();
        if (cap != null) {
          call.requireCapability(cap);
        }
        missing.set(e.getKey(), e.getValue().toJson());
      } else if (answer instanceof ObjectNode o) {
        answers.put(e.getKey(), o);
        used.set(e.getKey(), o);
      } else {
        throw McpError.invalidParams("inputResponses." + e.getKey() + " must be the client's result object for "
            + e.getValue().method());
      }
    }
    if (!missing.isEmpty()) {
      throw new InputRequired(missing, states.sign(method, target, used));
    }
    return answers;
  }

  @Override
  public boolean resumed() {
    return resumed;
  }
}
