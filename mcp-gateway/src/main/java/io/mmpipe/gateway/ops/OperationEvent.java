package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * One thing that happened to an operation, as the MCP Hub's WebSocket sent it:
 * {@code {"event_type":"<eventType>","operation_id":"…","timestamp":…,"data":{…}}}.
 *
 * @param eventType {@code progress} (data: progress 0–1, message, details), {@code status} (status, message),
 *                  {@code log} (level, message), {@code result} (result_uri, mime_type, posts, bytes),
 *                  {@code completed} (status, duration in seconds) or {@code error} (error, error_type)
 * @param timestamp milliseconds since 1970
 */
public record OperationEvent(String operationId, String eventType, long timestamp, JsonNode data) {

  public static final Set<String> TYPES = Set.of("progress", "status", "log", "result", "completed", "error");

  public OperationEvent {
    if (operationId == null || !TYPES.contains(eventType) || data == null) {
      throw new IllegalArgumentException("an operation event needs an id, a known type and data");
    }
  }

  /** The terminal events: nothing follows them. */
  public boolean terminal() {
    return eventType.equals("completed") || eventType.equals("error");
  }

  public ObjectNode toJson() {
    ObjectNode n = OperationState.JSON.createObjectNode().put("event_type", eventType)
        .put("operation_id", operationId).put("timestamp", timestamp);
    n.set("data", data);
    return n;
  }

  /** The event written by {@link #toJson()}; null when the node is not one. */
  static OperationEvent parse(JsonNode n) {
    try {
      return new OperationEvent(n.path("operation_id").asText(null), n.path("event_type").asText(null),
          n.path("timestamp").asLong(), n.get("data"));
    } catch (RuntimeException e) {
      return null;
    }
  }

  static OperationEvent parse(String text) {
    try {
      return parse(OperationState.JSON.readTree(text));
    } catch (IOException e) {
      return null;
    }
  }
}
