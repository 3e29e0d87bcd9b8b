package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client input in the legacy era: each request goes out on the call's SSE response stream as a JSON-RPC request,
 * and the call waits (cancellable) for the client's POSTed response.
 */
final class LegacyInput implements ClientInput {

  private static final long POLL_MS = 200;
  private final ClientRequests pending;
  private final ResponseChannel channel;
  private final String sessionId;
  private final Duration timeout;

  LegacyInput(ClientRequests pending, ResponseChannel channel, String sessionId, Duration timeout) {
    this.pending = pending;
    this.channel = channel;
    this.sessionId = sessionId;
    this.timeout = timeout;
  }

  @Override
  public Map<String, ObjectNode> ask(Call call, Map<String, InputRequest> requests) throws InterruptedException {
    requests.values().forEach(r -> {
      if (r.capability() != null) {
        call.requireCapability(r.capability());
      }
    });
    if (!channel.streamAllowed()) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "this request needs input from the client, which arrives on an "
          + "event stream: send Accept: application/json, text/event-stream", null, 200);
    }
    Map<String, ObjectNode> answers = new LinkedHashMap<>();
    for (Map.Entry<String, InputRequest> e : requests.entrySet()) {
      answers.put(e.getKey(), askOne(call, e.getValue()));
    }
    return answers;
  }

  private ObjectNode askOne(Call call, InputRequest r) throws InterruptedException {
    Map.Entry<String, CompletableFuture<ObjectNode>> open = pending.open(sessionId);
    try {
      ObjectNode req = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", open.getKey())
          .put("method", r.method());
      req.set("params", r.params());
      channel.send(req);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        if (call.cancelled().getAsBoolean()) {
          throw new McpError(JsonRpc.INTERNAL_ERROR, "the request was cancelled", null, 200);
        }
        try {
          return result(r, open.getValue().get(POLL_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new McpError(JsonRpc.INTERNAL_ERROR, "the client did not answer " + r.method() + " within "
                + timeout.toSeconds() + " s", null, 200);
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pending.close(open.getKey());
    }
  }

  private static ObjectNode result(InputRequest r, ObjectNode response) {
    JsonNode error = response.get("error");
    if (error != null) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "the client answered " + r.method() + " with an error: "
          + error.path("message").asText("(no message)"), null, 200);
    }
    if (!(response.get("result") instanceof ObjectNode o)) {
      throw McpError.invalidParams("the client's answer to " + r.method() + " has no result object");
    }
    return o;
  }

  @Override
  public boolean resumed() {
    return false;
  }
}
