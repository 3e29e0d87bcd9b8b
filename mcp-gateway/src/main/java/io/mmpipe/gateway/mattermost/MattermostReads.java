package io.mmpipe.gateway.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.time.Duration;
import io.mmpipe.mattermost.rest.MattermostApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The reads of resources, read tools and prompts: Redis first ({@link ReadCache}), Mattermost REST on a miss. Keys
 * hold the identity's scope, so one caller never gets an answer fetched with another's rights. TTLs are short where
 * things change often (posts, statuses) and longer for what rarely does (users, channels, teams); the cache writer
 * also evicts a post's entries when mm.updates says it changed.
 */
public final class MattermostReads {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration POSTS = Duration.ofSeconds(15);
  static final Duration STATUS = Duration.ofSeconds(10);
  static final Duration OBJECTS = Duration.ofMinutes(5);

  private final MattermostAccess access;
  private final ReadCache cache;

  public MattermostReads(MattermostAccess access, ReadCache cache) {
    this.access = access;
    this.cache = cache;
  }

  public MattermostAccess access() {
    return access;
  }

  /** The key of a post's cached reads, for {@link ReadCache#evict}. */
  public static String postKey(String scope, String postId) {
    return scope + ":post:" + postId;
  }

  /** The post with its current reactions ({@code reactions}: [] when none). */
  public JsonNode postWithReactions(Identity id, String postId) {
    return cached(id, postKey(id.scope(), postId), POSTS, c -> {
      ObjectNode post = c.posts().get(postId).deepCopy();
      ArrayNode reactions = post.putArray("reactions");
      c.posts().reactionsOf(List.of(postId)).getOrDefault(postId, List.of()).forEach(reactions::add);
      return post;
    });
  }

  /** The thread holding the post: Mattermost's PostList ({@code order}, {@code posts}). */
  public JsonNode thread(Identity id, String postId) {
    return cached(id, postKey(id.scope(), postId) + ":thread", POSTS, c -> c.posts().thread(postId));
  }

  /** A channel's posts: Mattermost's PostList ({@code order} newest first, {@code posts}). */
  public JsonNode channelPosts(Identity id, String channelId, ChannelPostsQuery q) {
    String key = id.scope() + ":channel-posts:" + channelId + ":" + q.since() + ":" + q.before() + ":" + q.after()
        + ":" + q.page() + ":" + q.perPage();
    return cached(id, key, POSTS, c -> c.posts().channelPosts(channelId, q));
  }

  public JsonNode channel(Identity id, String channelId) {
    return cached(id, id.scope() + ":channel:" + channelId, OBJECTS, c -> c.channels().get(channelId));
  }

  /** The identity's channels in a team. */
  public JsonNode channels(Identity id, String teamId) {
    return cached(id, id.scope() + ":channels:" + teamId, OBJECTS, c -> c.channels().forUser("me", teamId));
  }

  public JsonNode teams(Identity id) {
    return cached(id, id.scope() + ":teams", OBJECTS, c -> c.teams().mine());
  }

  public JsonNode user(Identity id, String userId) {
    return cached(id, id.scope() + ":user:" + userId, OBJECTS, c -> c.users().get(userId));
  }

  public JsonNode me(Identity id) {
    return cached(id, id.scope() + ":me", OBJECTS, c -> c.users().me());
  }

  public JsonNode status(Identity id, String userId) {
    return cached(id, id.scope() + ":status:" + userId, STATUS, c -> c.users().status(userId));
  }

  public JsonNode members(Identity id, String channelId, int page, int perPage) {
    return cached(id, id.scope() + ":members:" + channelId + ":" + page + ":" + perPage, OBJECTS,
        c -> c.channels().members(channelId, page, perPage));
  }

  public JsonNode searchUsers(Identity id, String term, String teamId, int limit) {
    return cached(id, id.scope() + ":users-search:" + teamId + ":" + limit + ":" + term, OBJECTS,
        c -> c.users().search(term, teamId, limit));
  }

  public JsonNode searchPosts(Identity id, String teamId, String terms, boolean or, int page, int perPage) {
    return cached(id, id.scope() + ":posts-search:" + teamId + ":" + or + ":" + page + ":" + perPage + ":" + terms,
        POSTS, c -> c.posts().search(teamId, terms, or, page, perPage));
  }

  /** Mattermost's PostList as {@code {posts:[…] in its order (newest first)}} plus the list's cursors. */
  public static ObjectNode ordered(JsonNode postList) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode posts = out.putArray("posts");
    JsonNode byId = postList.path("posts");
    for (JsonNode id : postList.path("order")) {
      JsonNode p = byId.get(id.asText());
      if (p != null) {
        posts.add(p);
      }
    }
    for (String cursor : List.of("next_post_id", "prev_post_id")) {
      if (!postList.path(cursor).asText("").isEmpty()) {
        out.put(cursor, postList.get(cursor).asText());
      }
    }
    if (postList.has("has_next")) {
      out.put("has_next", postList.get("has_next").asBoolean());
    }
    return out;
  }

  /** The team to use: the one given, else MATTERMOST_TEAM_ID, else the identity's first team (null: none). */
  public String team(Identity id, String given) {
    if (given != null) {
      return given;
    }
    if (access.defaultTeamId() != null) {
      return access.defaultTeamId();
    }
    JsonNode teams = teams(id);
    return teams.isArray() && !teams.isEmpty() ? teams.get(0).path("id").asText(null) : null;
  }

  /**
   * Completion of a channel argument: ids of the identity's channels (in every team) whose name, display name or id
   * starts with {@code prefix} (case-insensitive); empty when Mattermost cannot be asked.
   */
  public List<String> channelIds(Identity id, String prefix, int limit) {
    String p = prefix.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode team : teams(id)) {
        for (JsonNode c : channels(id, team.path("id").asText())) {
          if (out.size() < limit && (starts(c, "name", p) || starts(c, "display_name", p) || starts(c, "id", p))) {
            out.add(c.path("id").asText());
          }
        }
      }
    } catch (MattermostApiException e) {
      return out;
    }
    return out;
  }

  /** Completion of a user argument: ids of users whose username or name starts with {@code prefix}. */
  public List<String> userIds(Identity id, String prefix, int limit) {
    List<String> out = new ArrayList<>();
    try {
      if (prefix.isBlank()) {
        out.add(me(id).path("id").asText());
        return out;
      }
      for (JsonNode u : searchUsers(id, prefix, null, limit)) {
        out.add(u.path("id").asText());
      }
    } catch (MattermostApiException e) {
      return out;
    }
    return out;
  }

  private static boolean starts(JsonNode o, String field, String prefix) {
    return o.path(field).asText("").toLowerCase(Locale.ROOT).startsWith(prefix);
  }

  /**
   * Forgets the cached reads an update of mm.updates made stale (in the gateway's own scope; callers' own scopes
   * expire by TTL): the post edited, deleted or reacted to, and for a reply its root and thread.
   */
  public void changed(ResourceUpdate u) {
    String uri = u.getResourceUri();
    if (!uri.equals("mattermost://post_changes") && !uri.equals("mattermost://reactions")
        && !uri.equals("mattermost://new_channel_posts")) {
      return;
    }
    JsonNode data = parse(u.getDataJson());
    if (data == null) {
      return;
    }
    JsonNode post = data.path("post");
    for (String id : List.of(data.path("post_id").asText(""), post.path("id").asText(""),
        post.path("root_id").asText(""))) {
      if (!id.isEmpty()) {
        cache.evict(postKey("gw", id));
        cache.evict(postKey("gw", id) + ":thread");
      }
    }
  }

  private JsonNode cached(Identity id, String key, Duration ttl, Function<MattermostClient, JsonNode> load) {
    Supplier<JsonNode> loader = () -> load.apply(id.client());
    return cache.get(key, ttl, loader, JsonNode::toString, MattermostReads::parse);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
