package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool the gateway offers ({@code tools/list}, {@code tools/call}). A failure the model can act on (bad argument,
 * Mattermost refused) is a {@link ToolResult#error} result, not an exception; an {@link McpError} is for protocol
 * problems only.
 */
public interface McpTool {

  String name();

  String description();

  /** JSON Schema of {@code arguments} (an object schema). */
  ObjectNode inputSchema();

  /** JSON Schema of {@code structuredContent}, or null when the result is not data. */
  default ObjectNode outputSchema() {
    return null;
  }

  /** {@code readOnlyHint}, {@code destructiveHint}, {@code idempotentHint}, {@code openWorldHint}. */
  ObjectNode annotations();

  default String title() {
    return null;
  }

  ToolResult call(Call call, ObjectNode arguments) throws InterruptedException;

  /** Annotations of a tool that only reads. */
  static ObjectNode readOnly() {
    return JsonRpc.JSON.createObjectNode().put("readOnlyHint", true).put("destructiveHint", false)
        .put("idempotentHint", true).put("openWorldHint", false);
  }
}
