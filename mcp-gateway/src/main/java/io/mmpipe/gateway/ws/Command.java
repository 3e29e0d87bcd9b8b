package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One command as the client sent it: its name, the {@code id} to echo (null when absent), and its fields. The
 * accessors check types and name the field in their errors, so every bad field gets a precise answer. The name is
 * null when the message had no {@code command} string (answered as an error that still echoes the id).
 */
public record Command(String name, JsonNode id, ObjectNode body) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ID_CHARS = 128;

  /**
   * Reads a text frame. The id is taken first, so even an error about the rest can echo it.
   *
   * @throws CommandException {@code invalid_json} for a frame that is not a JSON object, {@code invalid_command}
   *                          for a bad {@code id}
   */
  public static Command parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CommandException("invalid_json", "the message is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new CommandException("invalid_json", "a command is a JSON object");
    }
    ObjectNode body = (ObjectNode) node;
    JsonNode id = body.get("id");
    if (id != null && !(id.isTextual() && id.asText().length() <= MAX_ID_CHARS) && !id.isIntegralNumber()) {
      throw new CommandException("invalid_command", "id must be a string of at most " + MAX_ID_CHARS
          + " characters or an integer");
    }
    JsonNode name = body.get("command");
    boolean named = name != null && name.isTextual() && !name.asText().isBlank();
    return new Command(named ? name.asText() : null, id, body);
  }

  /** Refuses fields the command does not know, so a typo ({@code channel_id}) is not silently ignored. */
  public void allowOnly(Set<String> fields) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!f.equals("command") && !f.equals("id") && !fields.contains(f)) {
        throw new CommandException("invalid_command", "unknown field '" + clip(f) + "' for " + name
            + " (known: " + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    }
  }

  /** A string field, or null when absent or JSON null. */
  public String string(String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new CommandException("invalid_command", field + " must be a string");
    }
    return v.asText();
  }

  /** A required string field. */
  public String requiredString(String field) {
    String v = string(field);
    if (v == null || v.isBlank()) {
      throw new CommandException("invalid_command", name + " needs " + field);
    }
    return v;
  }

  /** An array of strings, or an empty list when absent. */
  public List<String> strings(String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new CommandException("invalid_command", field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new CommandException("invalid_command", field + " must be an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
