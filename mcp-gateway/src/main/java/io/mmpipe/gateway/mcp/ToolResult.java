package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a tool answers: content blocks, optional structured data (matching the tool's output schema) and whether it
 * failed.
 */
public record ToolResult(ArrayNode content, ObjectNode structuredContent, boolean isError) {

  /** Data: the structured content, also as a JSON text block for clients that read only content. */
  public static ToolResult data(ObjectNode structured) {
    ArrayNode content = JsonRpc.JSON.createArrayNode();
    content.addObject().put("type", "text").put("text", structured.toString());
    return new ToolResult(content, structured, false);
  }

  /** A failure described for the model, so it can correct the call. */
  public static ToolResult error(String message) {
    ArrayNode content = JsonRpc.JSON.createArrayNode();
    content.addObject().put("type", "text").put("text", message);
    return new ToolResult(content, null, true);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonRpc.JSON.createObjectNode();
    n.set("content", content);
    if (structuredContent != null) {
      n.set("structuredContent", structuredContent);
    }
    if (isError) {
      n.put("isError", true);
    }
    return n;
  }
}
