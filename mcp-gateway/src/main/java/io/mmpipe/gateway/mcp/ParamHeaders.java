package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * SEP-2243 (2026-07-28): a tool argument whose schema names an {@code x-mcp-header} travels also as header
 * {@code Mcp-Param-<name>} (so proxies can route on it), and the two must agree. A value wrapped as
 * {@code =?base64?…?=} is strict Base64 of the UTF-8 text (padding required); anything else is taken literally.
 * Missing, undecodable or different: HTTP 400 with -32020, as for the standard headers.
 */
final class ParamHeaders {

  private ParamHeaders() {}

  /**
   * @param header   reads a request header (null when absent)
   * @param declared argument name → header suffix, from the tool's input schema
   */
  static void check(Function<String, String> header, Map<String, String> declared, ObjectNode arguments) {
    for (Map.Entry<String, String> e : declared.entrySet()) {
      String name = "Mcp-Param-" + e.getValue();
      String raw = header.apply(name);
      JsonNode arg = arguments.get(e.getKey());
      boolean inBody = arg != null && !arg.isNull();
      if (raw == null) {
        if (inBody) {
          throw mismatch(name, "header " + name + " is missing; it must repeat argument " + e.getKey());
        }
        continue;
      }
      String value = decode(name, raw.strip());
      String expected = !inBody ? null : arg.isTextual() ? arg.asText() : arg.toString();
      if (!value.equals(expected)) {
        throw mismatch(name, "header " + name + " does not match argument " + e.getKey());
      }
    }
  }

  /** The header's text: Base64 inside {@code =?base64?…?=} (strict), otherwise the value itself. */
  static String decode(String name, String value) {
    if (!(value.length() >= 11 && value.startsWith("=?base64?") && value.endsWith("?="))) {
      return value;
    }
    String b64 = value.substring(9, value.length() - 2);
    if (b64.length() % 4 != 0) {
      throw mismatch(name, "header " + name + " is not valid Base64 (padding)");
    }
    try {
      return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException ex) {
      throw mismatch(name, "header " + name + " is not valid Base64");
    }
  }

  private static McpError mismatch(String header, String message) {
    ObjectNode data = JsonRpc.JSON.createObjectNode().put("header", header);
    return new McpError(JsonRpc.HEADER_MISMATCH, message, data, 400);
  }
}
