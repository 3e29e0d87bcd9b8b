package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.ResourceProvider;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results of operations as MCP resources, {@code mmpipe://operations/<id>/result}: listed for the recent
 * operations that completed with one, readable on any instance while Redis keeps them (TTL, and only the newest
 * operations are kept); listed and readable only by the operation's owner and principals that see every channel.
 * They never change once written, so subscriptions never fire.
 */
public final class OperationResults implements ResourceProvider {

  static final String TEMPLATE = Operations.URI_PREFIX + "{operation_id}/result";
  /** How many recent operations resources/list looks at. */
  static final int LISTED = 50;
  private final Operations operations;

  public OperationResults(Operations operations) {
    this.operations = operations;
  }

  /** Nothing without a caller: each caller is listed only the results of the operations it may see. */
  @Override
  public List<ObjectNode> resources() {
    return List.of();
  }

  @Override
  public List<ObjectNode> resources(Call call) {
    return operations.recent(LISTED, call.principal()).stream().filter(s -> s.resultUri() != null)
        .map(s -> JsonRpc.JSON.createObjectNode().put("uri", s.resultUri())
            .put("name", "operation " + s.operationId() + " result")
            .put("description", s.tool() + " result, " + s.updatedAt()).put("mimeType", ChannelExport.MIME))
        .toList();
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of(JsonRpc.JSON.createObjectNode().put("uriTemplate", TEMPLATE).put("name", "operation result")
        .put("description", "what a completed operation produced (export_channel_history: JSON Lines, one post a "
            + "line, oldest first)").put("mimeType", ChannelExport.MIME));
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    String id = id(uri);
    if (id == null) {
      return Optional.empty();
    }
    // another principal's result is not found, as an unknown one
    Operations.Result r = operations.result(id, call.principal()).orElseThrow(() -> call.resourceNotFound(uri));
    ArrayNode contents = JsonRpc.JSON.createArrayNode();
    contents.addObject().put("uri", uri).put("mimeType", r.mimeType()).put("text", r.content());
    return Optional.of(contents);
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    return id(uri) == null ? Optional.empty() : Optional.of(u -> false);
  }

  /** The operation id of a result uri, or null when the uri is not one. */
  static String id(String uri) {
    if (!uri.startsWith(Operations.URI_PREFIX) || !uri.endsWith("/result")) {
      return null;
    }
    String id = uri.substring(Operations.URI_PREFIX.length(), uri.length() - "/result".length());
    return Operations.wellFormed(id) ? id : null;
  }
}
