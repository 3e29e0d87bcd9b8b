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
 * @param taskSupport  2026-07-28 Tasks extension: null (never a task), {@code "optional"} (a task when the client
 *                     negotiated the extension) or {@code "required"} (-32021 without it)
 */
public record ToolSpec(String name, String title, String description, ObjectNode inputSchema,
                       ObjectNode outputSchema, ObjectNode annotations, String taskSupport) {

  public ToolSpec(String name, String title, String description, ObjectNode inputSchema, ObjectNode outputSchema,
                  ObjectNode annotations) {
    this(name, title, description, inputSchema, outputSchema, annotations, null);
  }

  public ToolSpec {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new IllegalArgumentException("invalid tool name " + name);
    }
    if (description == null || description.isBlank() || inputSchema == null || annotations == null) {
      throw new IllegalArgumentException("tool " + name + " needs a description, an input schema and annotations");
    }
    if (taskSupport != null && !taskSupport.equals("optional") && !taskSupport.equals("required")) {
      throw new IllegalArgumentException("taskSupport is optional, required or null");
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
    if (taskSupport != null) {
      n.putObject("execution").put("taskSupport", taskSupport);
    }
    return n;
  }
}
