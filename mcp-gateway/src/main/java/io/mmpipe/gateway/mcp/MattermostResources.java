package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live feeds of DESIGN.md ({@code mattermost://new_channel_posts} …) and the per-channel template
 * {@code mattermost://channels/{channel_id}/posts}. A read returns the recent updates as one JSON text content:
 * {@code {"uri", "updates":[ResourceUpdateJson…], "resume_token"}}; the token is where {@code wait_for_updates}
 * continues. A subscription is notified on every update of the feed (or of the channel).
 */
public final class MattermostResources implements ResourceProvider {

  static final Map<String, String> FEEDS = feeds();
  static final String CHANNEL_TEMPLATE = "mattermost://channels/{channel_id}/posts";
  private static final Pattern CHANNEL = Pattern.compile("mattermost://channels/([A-Za-z0-9_-]{1,64})/posts");

  /**
   * How many channels {@code resources/list} names (the most recently active), and how many channel ids one stream
   * remembers to tell a new channel from a listed one.
   */
  static final int MAX_LISTED_CHANNELS = 1_000;
  private final RecentUpdates recent;
  private final int readLimit;
  private final ChannelFallback fallback;

  /**
   * Where a channel's recent updates come from when neither the Redis cache nor the ring has any (a quiet channel,
   * a gateway that just started): Mattermost, in the same update shape.
   */
  @FunctionalInterface
  public interface ChannelFallback {
    /** The channel's newest updates as subscriber JSON, oldest first; empty when there are none. */
    List<String> recent(String channelId, Call call, int limit);
  }

  /** @param readLimit how many recent updates a read returns */
  public MattermostResources(RecentUpdates recent, int readLimit) {
    this(recent, readLimit, null);
  }

  /** @param fallback asked for a channel with nothing cached, or null */
  public MattermostResources(RecentUpdates recent, int readLimit, ChannelFallback fallback) {
    this.recent = recent;
    this.readLimit = readLimit;
    this.fallback = fallback;
  }

  private static Map<String, String> feeds() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mattermost://new_channel_posts", "New posts in every channel (update type created)");
    m.put("mattermost://reactions", "Reactions added and removed");
    m.put("mattermost://post_changes", "Posts edited and deleted");
    m.put("mattermost://typing", "Users typing in a channel or thread");
    m.put("mattermost://user_status", "User status changes (online, away, dnd, offline)");
    m.put("mattermost://channel_membership", "Members added to and removed from channels");
    m.put("mattermost://files", "Files attached to posts");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public List<ObjectNode> resources() {
    List<ObjectNode> out = new ArrayList<>();
    FEEDS.forEach((uri, description) -> out.add(JsonRpc.JSON.createObjectNode().put("uri", uri)
        .put("name", uri.substring("mattermost://".length())).put("description", description + "; live: subscribe")
        .put("mimeType", "application/json")));
    return out;
  }

  /**
   * The feeds, then a concrete {@code mattermost://channels/<id>/posts} for each channel with recent activity the
   * caller may see (the {@link #MAX_LISTED_CHANNELS} most recently active, by id): the part of the list that changes.
   */
  @Override
  public List<ObjectNode> resources(Call call) {
    List<ObjectNode> out = resources();
    List<String> ids = new ArrayList<>(recent.channelIds("", call.principal(), MAX_LISTED_CHANNELS));
    Collections.sort(ids);
    for (String id : ids) {
      out.add(JsonRpc.JSON.createObjectNode().put("uri", "mattermost://channels/" + id + "/posts")
          .put("name", "channel_" + id).put("description", "Recent updates of channel " + id + "; live: subscribe")
          .put("mimeType", "application/json"));
    }
    return out;
  }

  /**
   * The list gains a channel when an update names one the stream's list did not hold (a channel created, a member
   * added, a first post). The channels a stream knows are bounded: past {@link #MAX_LISTED_CHANNELS} it starts again
   * from the current list. A channel whose activity ages out of the gateway's memory (or past the most recent
   * {@link #MAX_LISTED_CHANNELS}) leaves the list without a notification: the list only shrinks that way.
   */
  @Override
  public Predicate<ResourceUpdate> listChanges(Principal principal) {
    Set<String> known = new HashSet<>(recent.channelIds("", principal, MAX_LISTED_CHANNELS));
    return u -> {
      String id = u.getChannelId();
      if (id == null || known.contains(id) || !CHANNEL.matcher("mattermost://channels/" + id + "/posts").matches()) {
        return false;
      }
      if (known.size() >= MAX_LISTED_CHANNELS) {
        known.clear();
        known.addAll(recent.channelIds("", principal, MAX_LISTED_CHANNELS));
      }
      known.add(id);
      return true;
    };
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of(JsonRpc.JSON.createObjectNode().put("uriTemplate", CHANNEL_TEMPLATE).put("name", "channel_posts")
        .put("description", "A channel's recent updates (posts, edits, reactions …); live: subscribe")
        .put("mimeType", "application/json"));
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    RecentUpdates.Snapshot snapshot;
    if (FEEDS.containsKey(uri)) {
      snapshot = recent.feed(uri, call.principal(), readLimit);
    } else {
      Matcher m = CHANNEL.matcher(uri);
      if (!m.matches()) {
        return Optional.empty();
      }
      if (!call.principal().canSeeChannel(m.group(1))) {
        throw call.resourceNotFound(uri); // outside the caller's scope: as if there were no such channel
      }
      snapshot = recent.channel(m.group(1), call.principal(), readLimit);
      if (snapshot.updates().isEmpty() && fallback != null) {
        snapshot = new RecentUpdates.Snapshot(fallback.recent(m.group(1), call, readLimit), snapshot.resumeToken());
      }
    }
    return Optional.of(snapshot.contents(uri));
  }

  /** {@code channel_id} of the channel template: the ids of channels with recent updates, newest first. */
  @Override
  public List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    if (!CHANNEL_TEMPLATE.equals(uriTemplate) || !"channel_id".equals(argument)) {
      return List.of();
    }
    return recent.channelIds(prefix, call.principal(), Completions.MAX_VALUES);
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    if (FEEDS.containsKey(uri)) {
      return Optional.of(u -> uri.equals(u.getResourceUri()));
    }
    Matcher m = CHANNEL.matcher(uri);
    if (m.matches()) {
      String channel = m.group(1);
      return Optional.of(u -> channel.equals(u.getChannelId()));
    }
    return Optional.empty();
  }
}
