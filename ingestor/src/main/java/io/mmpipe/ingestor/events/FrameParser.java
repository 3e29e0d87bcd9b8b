package io.mmpipe.ingestor.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.ingestor.events.MattermostEvent.*;
import io.mmpipe.ingestor.json.PostParser;
import io.mmpipe.mattermost.json.Json;
import java.util.List;
import java.util.Set;

/**
 * Parses one WebSocket text frame. Parses JSON, never bytes (the server's layout varies), and parses the
 * JSON-string fields of {@code data} a second time so every consumer sees objects.
 */
public final class FrameParser {

  /** data fields that Mattermost sends as JSON-encoded strings (reference §1). */
  private static final Set<String> EMBEDDED = Set.of("post", "reaction", "mentions", "followers", "thread", "channel",
      "teammate_ids", "channel_times");

  private FrameParser() {}

  public static MattermostEvent parse(String frame) throws FrameParseException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new FrameParseException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FrameParseException("not a JSON object", null);
    }
    if (root.has("seq_reply")) {
      JsonNode err = root.get("error");
      return new ActionReply(Json.number(root, "seq_reply"), Json.text(root, "status"), root.get("data"),
          err == null ? null : Json.textOrNull(err, "id"));
    }
    String name = Json.text(root, "event");
    if (name.isEmpty()) {
      throw new FrameParseException("neither an event nor an action reply (no 'event', no 'seq_reply')", null);
    }
    JsonNode seq = root.get("seq");
    if (seq == null || !seq.canConvertToLong()) {
      throw new FrameParseException("event '" + name + "' has no numeric seq", null);
    }
    try {
      return typed(envelope(root, name, seq.asLong()));
    } catch (RuntimeException e) {
      throw new FrameParseException("malformed '" + name + "' event: " + e, e);
    }
  }

  private static Envelope envelope(JsonNode root, String name, long seq) throws FrameParseException {
    JsonNode rawData = root.get("data");
    ObjectNode data = Json.MAPPER.createObjectNode();
    if (rawData != null && rawData.isObject()) {
      rawData.properties().forEach(e -> data.set(e.getKey(),
          EMBEDDED.contains(e.getKey()) ? Json.embedded(e.getValue()) : e.getValue()));
    } else if (rawData != null && !rawData.isNull()) {
      throw new FrameParseException("event '" + name + "' has a non-object data field", null);
    }
    JsonNode b = root.get("broadcast");
    return new Envelope(name, seq, Json.text(b, "channel_id"), Json.text(b, "team_id"), Json.text(b, "user_id"), data);
  }

  private static MattermostEvent typed(Envelope env) throws FrameParseException {
    ObjectNode d = env.data();
    return switch (env.event()) {
      case "hello" -> new Hello(env, Json.text(d, "connection_id"), Json.textOrNull(d, "server_hostname"),
          Json.text(d, "server_version"));
      case "posted" -> new Posted(env, PostParser.post(object(env, "post")), teamOf(env),
          Json.textOrNull(d, "channel_type"), Json.textOrNull(d, "channel_name"), Json.textOrNull(d, "sender_name"),
          Json.strings(d.get("mentions")), Json.bool(d, "image"), Json.bool(d, "otherFile"));
      case "post_edited" -> new PostEdited(env, PostParser.post(object(env, "post")));
      case "post_deleted" -> new PostDeleted(env, PostParser.post(object(env, "post")), Json.textOrNull(d, "delete_by"),
          Json.textOrNull(d, "delete_by") == null);
      case "reaction_added" -> new ReactionAdded(env, PostParser.reaction(object(env, "reaction"), env.channelId()));
      case "reaction_removed" ->
          new ReactionRemoved(env, PostParser.reaction(object(env, "reaction"), env.channelId()));
      case "typing" -> new Typing(env, env.channelId(), Json.text(d, "user_id"), Json.textOrNull(d, "parent_id"));
      case "status_change" -> new StatusChange(env, firstNonEmpty(Json.text(d, "user_id"), env.userId()),
          Json.text(d, "status"));
      case "user_added" -> new UserAdded(env, firstNonEmpty(env.channelId(), Json.text(d, "channel_id")),
          Json.text(d, "user_id"), firstNonEmpty(Json.text(d, "team_id"), env.teamId()));
      // the removed user's own copy is addressed to them (broadcast.user_id) and names the channel in data
      case "user_removed" -> new UserRemoved(env, firstNonEmpty(env.channelId(), Json.text(d, "channel_id")),
          firstNonEmpty(Json.text(d, "user_id"), env.userId()), Json.textOrNull(d, "remover_id"));
      case "channel_created" -> new ChannelCreated(env, Json.text(d, "channel_id"),
          firstNonEmpty(Json.text(d, "team_id"), env.teamId()));
      case "channel_updated" -> {
        JsonNode ch = object(env, "channel");
        yield new ChannelUpdated(env, firstNonEmpty(Json.text(ch, "id"), env.channelId()),
            firstNonEmpty(Json.text(ch, "team_id"), env.teamId()), ch);
      }
      case "channel_deleted" -> new ChannelDeleted(env, firstNonEmpty(Json.text(d, "channel_id"), env.channelId()),
          Json.number(d, "delete_at"));
      case "direct_added" -> new DirectAdded(env, env.channelId(), Json.text(d, "creator_id"),
          Json.text(d, "teammate_id"));
      case "group_added" -> new GroupAdded(env, env.channelId(), List.copyOf(Json.strings(d.get("teammate_ids"))));
      case "thread_updated" -> new ThreadUpdated(env, d.get("thread"));
      default -> new Unknown(env);
    };
  }

  private static String teamOf(Envelope env) {
    String t = Json.text(env.data(), "team_id");
    return t.isEmpty() ? env.teamId() : t;
  }

  private static JsonNode object(Envelope env, String field) throws FrameParseException {
    JsonNode n = env.data().get(field);
    if (n == null || !n.isObject()) {
      throw new FrameParseException("event '" + env.event() + "' has no '" + field + "' object", null);
    }
    return n;
  }

  private static String firstNonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : (b == null ? "" : b);
  }
}
