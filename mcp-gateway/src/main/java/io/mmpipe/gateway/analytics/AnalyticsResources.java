package io.mmpipe.gateway.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.ResourceProvider;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP resource template {@code mattermost://analytics/channels/{channel_id}}: the channel's latest minute and
 * hour from the analytics job ({@link ActivityBoard#json}). A channel outside the caller's scope reads exactly as a
 * channel with no activity: "resource not found", so the answer says nothing about channels one may not see. A
 * subscription is notified on the channel's posts, edits, deletes and reactions, after which the job's next commit
 * (a second by default) carries the new counts.
 */
public final class AnalyticsResources implements ResourceProvider {

  public static final String TEMPLATE = "mattermost://analytics/channels/{channel_id}";
  static final Pattern URI = Pattern.compile("mattermost://analytics/channels/([A-Za-z0-9_-]{1,64})");
  private static final Set<String> ACTIVITY = Set.of("mattermost://new_channel_posts", "mattermost://post_changes",
      "mattermost://reactions");
  private static final int MAX_COMPLETIONS = 100;

  private final ActivityBoard board;

  public AnalyticsResources(ActivityBoard board) {
    this.board = board;
  }

  @Override
  public List<ObjectNode> resources() {
    return List.of();
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of(JsonRpc.JSON.createObjectNode().put("uriTemplate", TEMPLATE).put("name", "channel_activity")
        .put("description", "A channel's activity from the analytics job: messages, edits, deletes, active users "
            + "and top reactions of its latest minute and hour; live: subscribe")
        .put("mimeType", "application/json"));
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    Matcher m = URI.matcher(uri);
    if (!m.matches()) {
      return Optional.empty();
    }
    String channel = m.group(1);
    ActivityBoard.Entry e = call.principal().canSeeChannel(channel) ? board.get(channel).orElse(null) : null;
    if (e == null) {
      throw call.resourceNotFound(uri); // unknown and out of scope answer alike
    }
    ArrayNode contents = JsonRpc.JSON.createArrayNode();
    contents.addObject().put("uri", uri).put("mimeType", "application/json")
        .put("text", ActivityBoard.json(e).toString());
    return Optional.of(contents);
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    Matcher m = URI.matcher(uri);
    if (!m.matches()) {
      return Optional.empty();
    }
    String channel = m.group(1);
    return Optional.of(u -> channel.equals(u.getChannelId()) && ACTIVITY.contains(u.getResourceUri()));
  }

  @Override
  public List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    if (!TEMPLATE.equals(uriTemplate) || !"channel_id".equals(argument)) {
      return List.of();
    }
    return board.top(Integer.MAX_VALUE, id -> id.startsWith(prefix) && call.principal().canSeeChannel(id)).stream()
        .map(ActivityBoard.Entry::channelId).limit(MAX_COMPLETIONS).toList();
  }
}
