package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the object schemas of tool inputs and outputs, so tools state fields, not JSON plumbing. */
public final class JsonSchema {

  private final ObjectNode node = JsonRpc.JSON.createObjectNode().put("type", "object");
  private final ObjectNode properties = node.putObject("properties");

  private JsonSchema() {}

  public static JsonSchema object() {
    return new JsonSchema();
  }

  /** A field of a JSON type ({@code string}, {@code integer}, {@code number}, {@code boolean}, {@code object}). */
  public JsonSchema field(String name, String type) {
    properties.putObject(name).put("type", type);
    return this;
  }

  /** A string field with a description for the model. */
  public JsonSchema string(String name, String description) {
    properties.putObject(name).put("type", "string").put("description", description);
    return this;
  }

  /** An integer field with bounds and a default. */
  public JsonSchema integer(String name, long min, long max, long dflt) {
    properties.putObject(name).put("type", "integer").put("minimum", min).put("maximum", max).put("default", dflt);
    return this;
  }

  /** A string field limited to {@code values}. */
  public JsonSchema oneOf(String name, String... values) {
    ArrayNode e = properties.putObject(name).put("type", "string").putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return this;
  }

  /** An array field whose items are of a JSON type. */
  public JsonSchema array(String name, String itemType) {
    properties.putObject(name).put("type", "array").putObject("items").put("type", itemType);
    return this;
  }

  /** A nested object field. */
  public JsonSchema nested(String name, JsonSchema schema) {
    properties.set(name, schema.build());
    return this;
  }

  public JsonSchema required(String... names) {
    ArrayNode r = node.has("required") ? (ArrayNode) node.get("required") : node.putArray("required");
    for (String n : names) {
      r.add(n);
    }
    return this;
  }

  /** No fields beyond those listed. */
  public JsonSchema closed() {
    node.put("additionalProperties", false);
    return this;
  }

  public ObjectNode build() {
    return node.deepCopy();
  }
}
