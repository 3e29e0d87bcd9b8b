package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The 2026-07-28 rules a request must meet before a method sees it: which era it is, the {@code _meta} keys, and
 * the headers that must repeat the body ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name}).
 */
final class ModernRules {

  static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
  static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  static final String META_SUBSCRIPTION = "io.modelcontextprotocol/subscriptionId";
  /** Methods whose target is named in {@code Mcp-Name}, and the param that holds it. */
  private static final java.util.Map<String, String> NAMED = java.util.Map.of(
      "tools/call", "name", "resources/read", "uri", "prompts/get", "name",
      "tasks/get", "taskId", "tasks/update", "taskId", "tasks/cancel", "taskId");
  private static final Set<String> MODERN_VERSIONS = Set.of(Versions.MODERN);

  private ModernRules() {}

  /**
   * A request is modern when it says so in the header or in {@code _meta}. That holds for {@code initialize} too:
   * sent with the modern header or {@code _meta} it is a removed method (404, -32601); a legacy client's
   * {@code initialize} carries neither.
   */
  static boolean isModern(Context ctx, Message m) {
    return Versions.MODERN.equals(ctx.header("MCP-Protocol-Version")) || m.params().path("_meta").has(META_VERSION);
  }

  /** Checks a modern request; returns its protocol version. */
  static String validate(Context ctx, Message m) {
    JsonNode meta = m.params().get("_meta");
    if (meta == null || !meta.isObject()) {
      throw missing("params._meta is required in protocol " + Versions.MODERN);
    }
    JsonNode version = meta.get(META_VERSION);
    if (version == null || !version.isTextual()) {
      throw missing("params._meta[\"" + META_VERSION + "\"] is required");
    }
    // a header that disagrees with the body is -32020 even when the body's version is one we do not speak
    mustEqual("MCP-Protocol-Version", ctx.header("MCP-Protocol-Version"), version.asText());
    if (!MODERN_VERSIONS.contains(version.asText())) {
      throw unsupported(version.asText());
    }
    JsonNode caps = meta.get(META_CAPABILITIES);
    if (caps == null || !caps.isObject()) {
      throw missing("params._meta[\"" + META_CAPABILITIES + "\"] is required");
    }
    if (m.method() != null) {
      mustEqual("Mcp-Method", ctx.header("Mcp-Method"), m.method());
      String nameParam = NAMED.get(m.method());
      if (nameParam != null) {
        mustEqual("Mcp-Name", decode(ctx.header("Mcp-Name")), m.param(nameParam));
      }
    }
    return version.asText();
  }

  /** -32022: a version we do not speak, with the ones we do. */
  static McpError unsupported(String version) {
    ObjectNode data = JsonRpc.JSON.createObjectNode();
    data.set("supported", Versions.all());
    data.put("requested", version);
    return new McpError(JsonRpc.UNSUPPORTED_VERSION, "unsupported protocol version: " + version, data, 400);
  }

  private static McpError missing(String message) {
    return new McpError(JsonRpc.INVALID_PARAMS, message, null, 400);
  }

  private static void mustEqual(String header, String value, String expected) {
    if (value == null || !value.equals(expected)) {
      ObjectNode data = JsonRpc.JSON.createObjectNode().put("header", header);
      throw new McpError(JsonRpc.HEADER_MISMATCH, header + " header "
          + (value == null ? "is missing" : "does not match the body"), data, 400);
    }
  }

  /** Header values outside ASCII travel as {@code =?base64?…?=}. */
  static String decode(String header) {
    if (header != null && header.startsWith("=?base64?") && header.endsWith("?=")) {
      try {
        return new String(Base64.getDecoder().decode(header.substring(9, header.length() - 2)),
            StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return header;
  }

  /** Adds what every modern result carries: {@code resultType}, server info, and caching when the method has it. */
  static ObjectNode decorate(ObjectNode result, MethodRegistry.Caching caching, String serverVersion) {
    if (!result.has("resultType")) {
      result.put("resultType", "complete");
    }
    ObjectNode meta = result.has("_meta") && result.get("_meta").isObject() ? (ObjectNode) result.get("_meta")
        : result.putObject("_meta");
    meta.putObject(META_SERVER_INFO).put("name", "mmpipe").put("version", serverVersion);
    if (caching != null) {
      result.put("ttlMs", caching.ttlMs()).put("cacheScope", caching.scope());
    }
    return result;
  }
}
