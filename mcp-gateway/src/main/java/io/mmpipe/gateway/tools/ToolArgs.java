package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tool's arguments, read and checked in one place. A wrong argument throws {@link BadArgument} whose message tells
 * the model what to send instead; {@link MattermostTool} turns it into an {@code isError} result.
 */
public final class ToolArgs {

  /** Mattermost ids are 26 lowercase letters and digits; a little looser so other servers' ids pass too. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private final ObjectNode args;

  public ToolArgs(ObjectNode args) {
    this.args = args;
  }

  /** An argument the model got wrong. */
  public static final class BadArgument extends IllegalArgumentException {
    public BadArgument(String message) {
      super(message);
    }
  }

  /** Whether the argument is given (and not null). */
  public boolean has(String name) {
    return args.hasNonNull(name);
  }

  /** A required non-blank string. */
  public String string(String name) {
    String v = optionalString(name);
    if (v == null) {
      throw new BadArgument(name + " is required");
    }
    return v;
  }

  /** A string, or null when absent or null; blank counts as absent. */
  public String optionalString(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BadArgument(name + " must be a string");
    }
    return v.asText().isBlank() ? null : v.asText();
  }

  /** A required Mattermost id; {@code hint} says where to find one. */
  public String id(String name, String hint) {
    return checkId(name, string(name), hint);
  }

  /** An optional Mattermost id. */
  public String optionalId(String name, String hint) {
    String v = optionalString(name);
    return v == null ? null : checkId(name, v, hint);
  }

  private static String checkId(String name, String v, String hint) {
    if (!ID.matcher(v).matches()) {
      throw new BadArgument(name + " must be a Mattermost id (26 letters and digits), not '" + abbreviate(v)
          + "'; " + hint);
    }
    return v;
  }

  /** A required text of at most {@code max} characters. */
  public String text(String name, int max) {
    String v = string(name);
    if (v.length() > max) {
      throw new BadArgument(name + " is longer than " + max + " characters");
    }
    return v;
  }

  /** An integer within bounds, {@code dflt} when absent. */
  public int integer(String name, int min, int max, int dflt) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new BadArgument(name + " must be an integer from " + min + " to " + max);
    }
    int i = v.intValue();
    if (i < min || i > max) {
      throw new BadArgument(name + " must be from " + min + " to " + max + ", not " + i);
    }
    return i;
  }

  /** A millisecond timestamp (ms since epoch), or null. */
  public Long optionalMillis(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.longValue() < 0) {
      throw new BadArgument(name + " must be a time in milliseconds since 1970 (an integer >= 0)");
    }
    return v.longValue();
  }

  public boolean bool(String name, boolean dflt) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new BadArgument(name + " must be true or false");
    }
    return v.booleanValue();
  }

  /** One of {@code values}, or {@code dflt} when absent. */
  public String oneOf(String name, Set<String> values, String dflt) {
    String v = optionalString(name);
    if (v == null) {
      if (dflt == null) {
        throw new BadArgument(name + " is required: one of " + String.join(", ", values.stream().sorted().toList()));
      }
      return dflt;
    }
    if (!values.contains(v)) {
      throw new BadArgument(name + " must be one of " + String.join(", ", values.stream().sorted().toList())
          + ", not '" + abbreviate(v) + "'");
    }
    return v;
  }

  /** A list of strings (also accepted: one comma-separated string), or empty. */
  public List<String> strings(String name) {
    JsonNode v = args.get(name);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      for (String s : v.asText().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return out;
    }
    if (!v.isArray()) {
      throw new BadArgument(name + " must be an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new BadArgument(name + " must be an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
