package io.mmpipe.gateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonRpc;

/** The JSON Schemas the conformance fixtures send or declare, as the scenarios describe them. */
final class Schemas {

  private Schemas() {}

  private static ObjectNode object() {
    ObjectNode s = JsonRpc.JSON.createObjectNode().put("type", "object");
    s.putObject("properties");
    return s;
  }

  private static ObjectNode props(ObjectNode schema) {
    return (ObjectNode) schema.get("properties");
  }

  static ObjectNode oneString(String name) {
    ObjectNode s = object();
    props(s).putObject(name).put("type", "string");
    s.putArray("required").add(name);
    return s;
  }

  /** One required string argument mirrored in header {@code Mcp-Param-<header>} (SEP-2243). */
  static ObjectNode headerParam(String name, String header) {
    ObjectNode s = oneString(name);
    props(s).with(name).put("x-mcp-header", header);
    return s;
  }

  static ObjectNode oneBoolean(String name) {
    ObjectNode s = object();
    props(s).putObject(name).put("type", "boolean");
    s.putArray("required").add(name);
    return s;
  }

  static ObjectNode userAndEmail() {
    ObjectNode s = object();
    props(s).putObject("username").put("type", "string").put("description", "User's response");
    props(s).putObject("email").put("type", "string").put("description", "User's email address");
    s.putArray("required").add("username").add("email");
    return s;
  }

  /** SEP-1034: a default for every primitive type. */
  static ObjectNode withDefaults() {
    ObjectNode s = object();
    ObjectNode p = props(s);
    p.putObject("name").put("type", "string").put("default", "John Doe");
    p.putObject("age").put("type", "integer").put("default", 30);
    p.putObject("score").put("type", "number").put("default", 95.5);
    ObjectNode status = p.putObject("status").put("type", "string");
    status.putArray("enum").add("active").add("inactive").add("pending");
    status.put("default", "active");
    p.putObject("verified").put("type", "boolean").put("default", true);
    return s;
  }

  /** SEP-1330: the five enum shapes. */
  static ObjectNode enums() {
    ObjectNode s = object();
    ObjectNode p = props(s);
    p.putObject("untitledSingle").put("type", "string").putArray("enum").add("option1").add("option2")
        .add("option3");
    titled(p.putObject("titledSingle").put("type", "string").putArray("oneOf"), "Option");
    ObjectNode legacy = p.putObject("legacyEnum").put("type", "string");
    legacy.putArray("enum").add("opt1").add("opt2").add("opt3");
    legacy.putArray("enumNames").add("Option One").add("Option Two").add("Option Three");
    ObjectNode untitledMulti = p.putObject("untitledMulti").put("type", "array");
    untitledMulti.putObject("items").put("type", "string").putArray("enum").add("option1").add("option2")
        .add("option3");
    ObjectNode titledMulti = p.putObject("titledMulti").put("type", "array");
    titled(titledMulti.putObject("items").putArray("anyOf"), "Choice");
    return s;
  }

  private static void titled(ArrayNode choices, String noun) {
    String[] ordinal = {"First", "Second", "Third"};
    for (int i = 0; i < 3; i++) {
      choices.addObject().put("const", "value" + (i + 1)).put("title", ordinal[i] + " " + noun);
    }
  }

  /**
   * SEP-1613 and SEP-2106: 2020-12 keywords a server must pass through untouched ({@code $schema}, {@code $defs} with
   * an {@code $anchor}, {@code allOf}/{@code anyOf}, {@code if}/{@code then}/{@code else}).
   */
  static ObjectNode draft2020() {
    ObjectNode s = JsonRpc.JSON.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("type", "object");
    ObjectNode address = s.putObject("$defs").putObject("address").put("$anchor", "addressDef").put("type", "object");
    address.putObject("properties").putObject("street").put("type", "string");
    ((ObjectNode) address.get("properties")).putObject("city").put("type", "string");
    ObjectNode p = s.putObject("properties");
    p.putObject("name").put("type", "string");
    p.putObject("address").put("$ref", "#/$defs/address");
    p.putObject("contactMethod").put("type", "string").putArray("enum").add("phone").add("email");
    p.putObject("phone").put("type", "string");
    p.putObject("email").put("type", "string");
    ArrayNode anyOf = s.putArray("allOf").addObject().putArray("anyOf");
    anyOf.addObject().putArray("required").add("phone");
    anyOf.addObject().putArray("required").add("email");
    ObjectNode cond = s.putObject("if");
    cond.putObject("properties").putObject("contactMethod").put("const", "phone");
    cond.putArray("required").add("contactMethod");
    s.putObject("then").putArray("required").add("phone");
    s.putObject("else").putArray("required").add("email");
    s.put("additionalProperties", false);
    return s;
  }
}
