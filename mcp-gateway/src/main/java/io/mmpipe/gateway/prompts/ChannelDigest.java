package io.mmpipe.gateway.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.FailureText;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import io.mmpipe.mattermost.rest.MattermostApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the prompts share: a channel's posts since a time, read through {@link MattermostReads} (Redis first), as
 * transcript lines a model can read ({@code [time] @user: message}), and the prompts' argument errors.
 */
final class ChannelDigest {

  /** Most posts a prompt puts in front of a model per channel (the newest are kept). */
  static final int MAX_POSTS = 200;

  private final MattermostReads reads;
  private final Identity id;
  private final Map<String, String> usernames = new HashMap<>();

  ChannelDigest(MattermostReads reads, Identity id) {
    this.reads = reads;
    this.id = id;
  }

  /** One channel's activity: its name and the transcript (oldest first), with counts. */
  record Activity(String channelId, String name, List<String> lines, int posts, int edited, int deleted) {}

  /** The channel's posts created or changed after {@code sinceMillis} (or its latest page when null). */
  Activity since(String channelId, Long sinceMillis) {
    try {
      JsonNode channel = reads.channel(id, channelId);
      ChannelPostsQuery q = sinceMillis == null ? ChannelPostsQuery.page(0, 100) : ChannelPostsQuery.since(sinceMillis);
      ArrayNode posts = (ArrayNode) MattermostReads.ordered(reads.channelPosts(id, channelId, q)).get("posts");
      List<JsonNode> sorted = new java.util.ArrayList<>();
      posts.forEach(sorted::add);
      sorted.sort(java.util.Comparator.comparingLong(p -> p.path("create_at").asLong()));
      if (sorted.size() > MAX_POSTS) {
        sorted = sorted.subList(sorted.size() - MAX_POSTS, sorted.size());
      }
      List<String> lines = new java.util.ArrayList<>();
      int edited = 0;
      int deleted = 0;
      for (JsonNode p : sorted) {
        boolean isDeleted = p.path("delete_at").asLong() > 0;
        boolean isEdited = p.path("edit_at").asLong() > 0;
        deleted += isDeleted ? 1 : 0;
        edited += isEdited && !isDeleted ? 1 : 0;
        lines.add(line(p, isEdited, isDeleted));
      }
      String name = channel.path("display_name").asText(channel.path("name").asText(channelId));
      return new Activity(channelId, name, lines, sorted.size(), edited, deleted);
    } catch (MattermostApiException e) {
      if (e.kind() == MattermostApiException.Kind.NOT_FOUND) {
        throw McpError.invalidParams("no channel with id " + channelId + " (or the token may not see it)");
      }
      throw new McpError(JsonRpc.INTERNAL_ERROR, FailureText.describe(e, "no channel with id " + channelId,
          "read channel " + channelId), null, 200);
    }
  }

  private String line(JsonNode p, boolean edited, boolean deleted) {
    String time = Instant.ofEpochMilli(p.path("create_at").asLong()).toString();
    String reply = p.path("root_id").asText("").isEmpty() ? "" : " (reply in thread " + p.get("root_id").asText() + ")";
    String mark = deleted ? " [deleted]" : edited ? " [edited]" : "";
    return "[" + time + "] @" + username(p.path("user_id").asText()) + reply + mark + ": "
        + (deleted ? "" : p.path("message").asText());
  }

  private String username(String userId) {
    return usernames.computeIfAbsent(userId, u -> {
      try {
        return reads.user(id, u).path("username").asText(u);
      } catch (MattermostApiException e) {
        return u;
      }
    });
  }

  /**
   * A time argument: milliseconds since 1970, an ISO-8601 instant ({@code 2026-11-30T09:00:00Z}) or a duration back
   * from now ({@code PT2H}, {@code P1D}).
   */
  static long time(String name, String value, Instant now) {
    String v = value.trim();
    try {
      if (v.matches("\\d{1,15}")) {
        return Long.parseLong(v);
      }
      if (v.startsWith("P") || v.startsWith("p")) {
        return now.minus(Duration.parse(v)).toEpochMilli();
      }
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw McpError.invalidParams(name + " must be milliseconds since 1970, an ISO-8601 time such as "
          + "2026-11-30T09:00:00Z or a duration back from now such as PT2H; not '" + v + "'");
    }
  }

  /** A required string argument of a prompt. */
  /** Refuses a channel outside the caller's scope (the digest reads it with the gateway's token for API tokens). */
  static void requireVisible(Principal principal, String channelId) {
    if (!principal.canSeeChannel(channelId)) {
      throw McpError.invalidParams("channel " + channelId + " is outside the channels " + principal.name()
          + " may read");
    }
  }

  static String required(ObjectNode args, String name) {
    String v = args.path(name).isTextual() ? args.get(name).asText().trim() : "";
    if (v.isEmpty()) {
      throw McpError.invalidParams(name + " is required");
    }
    return v;
  }

  /** An optional string argument of a prompt, or null. */
  static String optional(ObjectNode args, String name) {
    String v = args.path(name).isTextual() ? args.get(name).asText().trim() : "";
    return v.isEmpty() ? null : v;
  }

  /** {@code {description, messages:[{role:"user", content:{type:"text", text}}]}}. */
  static ObjectNode userMessage(String description, String text) {
    ObjectNode out = JsonRpc.JSON.createObjectNode().put("description", description);
    out.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
        .put("text", text);
    return out;
  }

  /** {@code [{name, description, required}]} for prompts/list. */
  static ArrayNode arguments(String... nameDescriptionRequired) {
    ArrayNode out = JsonRpc.JSON.createArrayNode();
    for (int i = 0; i < nameDescriptionRequired.length; i += 3) {
      out.addObject().put("name", nameDescriptionRequired[i]).put("description", nameDescriptionRequired[i + 1])
          .put("required", Boolean.parseBoolean(nameDescriptionRequired[i + 2]));
    }
    return out;
  }
}
