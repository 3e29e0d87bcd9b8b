package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Legacy-era server-to-client requests waiting for their answer on this instance, by request id. The answer is a
 * POST of a JSON-RPC response carrying the same session id; it must reach the instance that asked (the asking call
 * holds its response stream open there): one POSTed to another instance comes over the {@code InstanceBus}. Bounded:
 * at most {@code max} wait at once, each until its call's input timeout.
 */
final class ClientRequests {

  private record Waiting(String sessionId, CompletableFuture<ObjectNode> answer) {}

  /** How the ids of our requests begin; an answer to anything else is not ours, on any instance. */
  static final String PREFIX = "mmpipe-";
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final int max;

  ClientRequests(int max) {
    this.max = max;
  }

  /** A fresh request id and the future its answer completes. */
  Map.Entry<String, CompletableFuture<ObjectNode>> open(String sessionId) {
    if (waiting.size() >= max) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "too many requests to clients are waiting; retry later", null, 503);
    }
    String id = PREFIX + UUID.randomUUID();
    CompletableFuture<ObjectNode> f = new CompletableFuture<>();
    waiting.put(id, new Waiting(sessionId, f));
    return Map.entry(id, f);
  }

  void close(String id) {
    waiting.remove(id);
  }

  /** Hands a client's response to the request that waits for it; false when none does (or another session's). */
  boolean answer(String sessionId, JsonNode id, ObjectNode response) {
    if (id == null || !id.isTextual()) {
      return false;
    }
    Waiting w = waiting.get(id.asText());
    if (w == null || !w.sessionId().equals(sessionId)) {
      return false;
    }
    return w.answer().complete(response);
  }
}
