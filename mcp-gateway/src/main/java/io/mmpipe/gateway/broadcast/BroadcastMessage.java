package io.mmpipe.gateway.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What a sender asks to broadcast, validated: the same rules for {@code POST /v1/broadcasts} and the MCP tool
 * {@code push_stream}, so both refuse the same input with the same words.
 *
 * @param type info, warning or error
 * @param text the message, 1 to {@link #MAX_TEXT_BYTES} bytes of UTF-8
 * @param data an optional JSON object of at most {@link #MAX_DATA_BYTES} bytes as JSON text, or null
 */
public record BroadcastMessage(String type, String text, ObjectNode data) {

  public static final List<String> TYPES = List.of("info", "warning", "error");
  /** Bounds what one broadcast costs every subscriber and the ring (the seed's "keep messages concise"). */
  public static final int MAX_TEXT_BYTES = 4 * 1024;
  public static final int MAX_DATA_BYTES = 16 * 1024;
  /** The request body: the fields above plus room for JSON escaping. */
  public static final int MAX_BODY_BYTES = 32 * 1024;
  private static final Set<String> FIELDS = Set.of("type", "text", "data");

  /** A refused input: {@code code} is machine-readable, the message says how to fix it. */
  public static final class Invalid extends IllegalArgumentException {
    private final String code;

    Invalid(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public BroadcastMessage {
    if (type == null || !TYPES.contains(type)) {
      throw new Invalid("invalid_type", "type must be one of " + TYPES + (type == null ? "" : " (was '"
          + abbreviate(type) + "')"));
    }
    if (text == null || text.isBlank()) {
      throw new Invalid("missing_text", "text is required and must not be blank");
    }
    int textBytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (textBytes > MAX_TEXT_BYTES) {
      throw new Invalid("text_too_long", "text is " + textBytes + " bytes; at most " + MAX_TEXT_BYTES);
    }
    if (data != null) {
      int dataBytes = data.toString().getBytes(StandardCharsets.UTF_8).length;
      if (dataBytes > MAX_DATA_BYTES) {
        throw new Invalid("data_too_large", "data is " + dataBytes + " bytes as JSON; at most " + MAX_DATA_BYTES);
      }
    }
  }

  /** Reads {@code {"type","text","data"?}}; anything else in it is refused, so a misspelt field is not ignored. */
  public static BroadcastMessage of(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new Invalid("invalid_body", "the body must be a JSON object {\"type\",\"text\",\"data\"?}");
    }
    body.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw new Invalid("unknown_field", "unknown field '" + abbreviate(f) + "'; allowed: type, text, data");
      }
    });
    JsonNode type = body.get("type");
    if (type != null && !type.isNull() && !type.isTextual()) {
      throw new Invalid("invalid_type", "type must be a string, one of " + TYPES);
    }
    JsonNode text = body.get("text");
    if (text != null && !text.isNull() && !text.isTextual()) {
      throw new Invalid("invalid_text", "text must be a string");
    }
    JsonNode data = body.get("data");
    if (data != null && !data.isNull() && !data.isObject()) {
      throw new Invalid("invalid_data", "data must be a JSON object when given");
    }
    return new BroadcastMessage(type == null || type.isNull() ? null : type.asText(),
        text == null || text.isNull() ? null : text.asText(),
        data == null || data.isNull() ? null : (ObjectNode) data);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
