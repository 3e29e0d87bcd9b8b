package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code tools/list} says about a tool.
 *
 * @param name         unique, {@code [A-Za-z0-9_.-]{1,128}}
 * @param title        a human-readable name, or null
 * @param description  what it does and when to use it, written for a model
 * @param inputSchema  JSON Schema of {@code arguments} (an object schema)
 * @param outputSchema JSON Schema of {@code structuredContent}, or null when the result is not data
 * @param annotations  {@code readOnlyHint}, {@code destructiveHint}, {@code idempotentHint}, {@code openWorldHint}
 */
public record ToolSpec(String name, String title, String description, ObjectNode inputSchema,
                       ObjectNode outputSchema, ObjectNode annotations) {

  public ToolSpec {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new IllegalArgumentException("invalid tool name " + name);
    }
    if (description == null || description.isBlank() || inputSchema == null || annotations == null) {
      throw new IllegalArgumentException("tool " + name + " needs a description, an input schema and annotations");
    }
  }

  /** Annotations of a tool that only reads. */
  public static ObjectNode readOnly() {
    return JsonRpc.JSON.createObjectNode().put("readOnlyHint", true).put("destructiveHint", false)
        .put("idempotentHint", true).put("openWorldHint", false);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonRpc.JSON.createObjectNode().put("name", name);
    if (title != null) {
      n.put("title", title);
    }
    n.put("description", description);
    n.set("inputSchema", inputSchema);
    if (outputSchema != null) {
      n.set("outputSchema", outputSchema);
    }
    n.set("annotations", annotations);
    return n;
  }
}
