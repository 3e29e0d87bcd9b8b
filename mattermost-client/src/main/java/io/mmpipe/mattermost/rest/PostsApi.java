package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.mattermost.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Posts, threads, search and reactions. Answers are Mattermost's Post, PostList and Reaction objects. */
public final class PostsApi {

  /** Mattermost caps {@code since} at this many rows, chosen BEFORE ordering. */
  public static final int SINCE_CAP = 1000;
  private static final int REACTION_BATCH = 200;

  private final Caller caller;
  private final ChangeWalk walk = new ChangeWalk(this);

  PostsApi(Caller caller) {
    this.caller = caller;
  }

  /**
   * Creates a post, or a reply when {@code rootId} is given ({@code POST /posts}, answers 201 with the Post). The
   * request carries a {@code pending_post_id} that stays the same across retries, so a server that saw an attempt
   * whose answer was lost returns that post instead of creating a second one.
   *
   * @param rootId  the thread root to reply to, or null
   * @param fileIds ids of files uploaded with {@link FilesApi#upload} to the same channel (at most 10)
   */
  public JsonNode create(String channelId, String message, String rootId, List<String> fileIds) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("channel_id", require(channelId, "channelId"))
        .put("message", message == null ? "" : message)
        .put("pending_post_id", UUID.randomUUID().toString().replace("-", ""));
    if (rootId != null && !rootId.isEmpty()) {
      body.put("root_id", rootId);
    }
    if (fileIds != null && !fileIds.isEmpty()) {
      ArrayNode ids = body.putArray("file_ids");
      fileIds.forEach(ids::add);
    }
    return caller.post("/api/v4/posts", body);
  }

  /** Changes a post's message ({@code PUT /posts/{id}/patch}); answers the updated Post. */
  public JsonNode patch(String postId, String message) {
    return caller.put(Caller.path("/api/v4/posts/{}/patch", postId),
        Json.MAPPER.createObjectNode().put("message", message == null ? "" : message));
  }

  /** Deletes a post; deleting a thread root deletes its replies too ({@code DELETE /posts/{id}}). */
  public void delete(String postId) {
    caller.delete(Caller.path("/api/v4/posts/{}", postId));
  }

  public JsonNode get(String postId) {
    return caller.get(Caller.path("/api/v4/posts/{}", postId), Query.none());
  }

  /** The whole thread of a post, root and replies, as a PostList ({@code GET /posts/{id}/thread}). */
  public JsonNode thread(String postId) {
    return caller.get(Caller.path("/api/v4/posts/{}/thread", postId), Query.none());
  }

  /** A PostList of one channel: iterate its {@code order}, thread roots of replies are in {@code posts} too. */
  public JsonNode channelPosts(String channelId, ChannelPostsQuery query) {
    return caller.get(Caller.path("/api/v4/channels/{}/posts", channelId), query.toQuery());
  }

  /**
   * Searches the posts of a team the token's user can read ({@code POST /teams/{id}/posts/search}); answers a
   * PostList with {@code matches}. {@code terms} takes Mattermost's syntax ({@code from:}, {@code in:}, quotes).
   */
  public JsonNode search(String teamId, String terms, boolean orSearch, int page, int perPage) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("terms", require(terms, "terms"))
        .put("is_or_search", orSearch).put("time_zone_offset", 0).put("include_deleted_channels", false)
        .put("page", page).put("per_page", perPage);
    return caller.post(Caller.path("/api/v4/teams/{}/posts/search", teamId), body);
  }

  /**
   * Every post row of a channel with {@code update_at > since}, complete for posts created at or after
   * {@code horizon}: when the server answers its 1000-row cap (an arbitrary subset), the channel's pages are walked
   * back to the horizon and what the API keeps out of reach is returned as a gap ({@link ChangeWalk}).
   *
   * @param horizon ms since epoch; 0 walks to the channel's first post
   */
  public PostRows since(String channelId, long since, long horizon) {
    return walk.since(channelId, since, horizon);
  }

  /**
   * The current Reaction objects of each post ({@code POST /posts/ids/reactions}, in batches); every asked id is in
   * the answer, possibly with an empty list.
   */
  public Map<String, List<JsonNode>> reactionsOf(Collection<String> postIds) {
    Map<String, List<JsonNode>> out = new HashMap<>();
    List<String> ids = List.copyOf(postIds);
    for (int i = 0; i < ids.size(); i += REACTION_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + REACTION_BATCH));
      ArrayNode body = Json.MAPPER.createArrayNode();
      batch.forEach(body::add);
      JsonNode answer = caller.post("/api/v4/posts/ids/reactions", body);
      for (String id : batch) {
        List<JsonNode> rs = new ArrayList<>();
        JsonNode arr = answer.get(id);
        if (arr != null && arr.isArray()) {
          arr.forEach(rs::add);
        }
        out.put(id, rs);
      }
    }
    return out;
  }

  /**
   * Adds a reaction of {@code userId} (which must be the token's own user) to a post ({@code POST /reactions});
   * answers the Reaction. Adding one that exists changes nothing.
   *
   * @param emojiName a shortcode without colons ({@code +1}, {@code eyes})
   */
  public JsonNode addReaction(String userId, String postId, String emojiName) {
    return caller.post("/api/v4/reactions", Json.MAPPER.createObjectNode().put("user_id", require(userId, "userId"))
        .put("post_id", require(postId, "postId")).put("emoji_name", require(emojiName, "emojiName")));
  }

  /** Removes a reaction ({@code DELETE /users/{user_id}/posts/{post_id}/reactions/{emoji_name}}). */
  public void removeReaction(String userId, String postId, String emojiName) {
    caller.delete(Caller.path("/api/v4/users/{}/posts/{}/reactions/{}", userId, postId, emojiName));
  }

  static String require(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
