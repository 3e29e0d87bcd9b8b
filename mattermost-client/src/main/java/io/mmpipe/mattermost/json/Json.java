package io.mmpipe.mattermost.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Lenient readers for Mattermost's JSON, which mixes types (numbers as strings, booleans as "true"). */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  public static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** The text of a field, or null when absent or empty (for Avro's optional strings). */
  public static String textOrNull(JsonNode n, String field) {
    String s = text(n, field);
    return s.isEmpty() ? null : s;
  }

  public static long number(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      return 0L;
    }
    if (v.isNumber()) {
      return v.asLong();
    }
    try {
      return Long.parseLong(v.asText().trim());
    } catch (NumberFormatException e) {
      return 0L;
    }
  }

  /** A boolean that may arrive as true, "true" or 1 (Mattermost sends "image":"true" on posted). */
  public static boolean bool(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.asLong() != 0;
    }
    return "true".equalsIgnoreCase(v.asText().trim());
  }

  /**
   * A field that Mattermost may send as an embedded JSON string (current servers) or as the value itself: returns
   * the parsed value, or the node unchanged when it is not JSON text.
   */
  public static JsonNode embedded(JsonNode v) {
    if (v != null && v.isTextual()) {
      String s = v.asText().trim();
      if (s.startsWith("{") || s.startsWith("[")) {
        try {
          return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
          return v;
        }
      }
    }
    return v;
  }

  /** A list of strings sent as an array, a JSON-string array, or a single string. */
  public static List<String> strings(JsonNode v) {
    JsonNode n = embedded(v);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull() || n.isMissingNode()) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(e -> {
        if (!e.isNull() && !e.asText().isEmpty()) {
          out.add(e.asText());
        }
      });
    } else if (!n.asText().isEmpty()) {
      out.add(n.asText());
    }
    return out;
  }
}
