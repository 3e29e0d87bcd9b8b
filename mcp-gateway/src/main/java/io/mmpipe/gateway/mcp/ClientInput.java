package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * How a method gets what it needs from the client ({@link Call#input}): the era decides. Modern: answers come from
 * the retry's {@code inputResponses} and the signed {@code requestState}; what is still missing ends this attempt
 * with an {@code input_required} result. Legacy: the requests go out on the response stream and the call waits.
 */
public interface ClientInput {

  /** For requests that cannot ask (list methods, tests): any request is a protocol error. */
  ClientInput NONE = new ClientInput() {
    @Override
    public Map<String, ObjectNode> ask(Call call, Map<String, InputRequest> requests) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "this request cannot ask the client for input", null, 200);
    }

    @Override
    public boolean resumed() {
      return false;
    }
  };

  /**
   * The client's results, by key, for every request in {@code requests}.
   *
   * @throws McpError -32021 when a request needs a capability the client did not declare, -32602 for an answer
   *                  that is not a result object
   */
  Map<String, ObjectNode> ask(Call call, Map<String, InputRequest> requests) throws InterruptedException;

  /** True when the request came back with a {@code requestState} that passed its integrity check. */
  boolean resumed();
}
