package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Cursor pagination of the list methods. The cursor is opaque to clients (base64url of the next index, prefixed so
 * a cursor of one list is refused by another); a cursor we did not issue is -32602.
 */
public final class Pages {

  private Pages() {}

  /** One page of {@code all} under {@code field}, with {@code nextCursor} when more follow. */
  public static ObjectNode page(String field, List<? extends com.fasterxml.jackson.databind.JsonNode> all,
                                ObjectNode params, int size) {
    int from = start(field, params);
    ObjectNode out = JsonRpc.JSON.createObjectNode();
    ArrayNode items = out.putArray(field);
    int to = Math.min(all.size(), from + size);
    for (int i = from; i < to; i++) {
      items.add(all.get(i));
    }
    if (to < all.size()) {
      out.put("nextCursor", cursor(field, to));
    }
    return out;
  }

  static String cursor(String field, int index) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((field + ":" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static int start(String field, ObjectNode params) {
    var c = params.get("cursor");
    if (c == null || c.isNull()) {
      return 0;
    }
    if (!c.isTextual()) {
      throw McpError.invalidParams("cursor must be a string");
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(c.asText()), StandardCharsets.UTF_8);
      if (s.startsWith(field + ":")) {
        int i = Integer.parseInt(s.substring(field.length() + 1));
        if (i >= 0) {
          return i;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw McpError.invalidParams("invalid cursor");
  }
}
