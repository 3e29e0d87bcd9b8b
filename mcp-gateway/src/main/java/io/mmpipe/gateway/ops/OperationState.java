package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/**
 * Where an operation stands, as every instance reads it from Redis and the dashboard and {@code get_operation} show
 * it: {@code {"operation_id","tool","status","progress","message","result_uri","error","created_at","updated_at",
 * "owner":{"kind","name"},"channel_id"}} (times ISO-8601). Only the owner and principals that see every channel are
 * shown a state ({@link OperationOwner#mayAccess}).
 *
 * @param status   {@code running}, {@code completed}, {@code error} (it failed) or {@code cancelled} (a client
 *                 cancelled it; {@code error} then holds the reason)
 * @param progress  0 to 1
 * @param owner     who started it (null: a state saved before operations had owners, or started by the gateway)
 * @param channelId the channel it reads (null: none)
 */
public record OperationState(String operationId, String tool, String status, double progress, String message,
                             String resultUri, String error, Instant createdAt, Instant updatedAt,
                             OperationOwner owner, String channelId) {

  static final ObjectMapper JSON = new ObjectMapper();
  public static final Set<String> STATUSES = Set.of("running", "completed", "error", "cancelled");

  public OperationState {
    if (operationId == null || tool == null || createdAt == null || updatedAt == null) {
      throw new IllegalArgumentException("an operation state needs an id, a tool and its times");
    }
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("unknown operation status " + status);
    }
    if (!(progress >= 0 && progress <= 1)) {
      throw new IllegalArgumentException("progress must be from 0 to 1, not " + progress);
    }
  }

  /** A state without owner nor channel. */
  public OperationState(String operationId, String tool, String status, double progress, String message,
                        String resultUri, String error, Instant createdAt, Instant updatedAt) {
    this(operationId, tool, status, progress, message, resultUri, error, createdAt, updatedAt, null, null);
  }

  static OperationState started(String id, String tool, String message, OperationOwner owner, String channelId,
                                Instant at) {
    return new OperationState(id, tool, "running", 0, message, null, null, at, at, owner, channelId);
  }

  public boolean terminal() {
    return !status.equals("running");
  }

  OperationState progressed(double p, String msg, Instant at) {
    return new OperationState(operationId, tool, status, Math.max(progress, Math.min(1, p)), msg, resultUri, error,
        createdAt, at, owner, channelId);
  }

  OperationState ended(String terminal, String msg, String uri, String err, Instant at) {
    return new OperationState(operationId, tool, terminal, terminal.equals("completed") ? 1 : progress, msg, uri,
        err, createdAt, at, owner, channelId);
  }

  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode().put("operation_id", operationId).put("tool", tool).put("status", status)
        .put("progress", progress).put("message", message).put("result_uri", resultUri).put("error", error)
        .put("created_at", createdAt.toString()).put("updated_at", updatedAt.toString());
    if (owner != null) {
      n.putObject("owner").put("kind", owner.kind()).put("name", owner.name());
    }
    n.put("channel_id", channelId);
    return n;
  }

  /** The state stored as {@link #toJson()}; null when the text is not one. */
  static OperationState parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return new OperationState(n.path("operation_id").asText(null), n.path("tool").asText(null),
          n.path("status").asText(null), n.path("progress").asDouble(), text(n, "message"), text(n, "result_uri"),
          text(n, "error"), Instant.parse(n.path("created_at").asText()), Instant.parse(n.path("updated_at").asText()),
          owner(n.get("owner")), text(n, "channel_id"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static OperationOwner owner(JsonNode o) {
    return o == null || !o.isObject() ? null : new OperationOwner(o.path("kind").asText(), o.path("name").asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
