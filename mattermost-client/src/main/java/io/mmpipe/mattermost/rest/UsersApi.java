package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.mattermost.json.Json;
import java.util.Collection;
import java.util.Set;

/** Users and their presence. Answers are Mattermost's User and Status objects. */
public final class UsersApi {

  /** The statuses a user can be set to. */
  public static final Set<String> STATUSES = Set.of("online", "away", "dnd", "offline");

  private final Caller caller;

  UsersApi(Caller caller) {
    this.caller = caller;
  }

  /** The token's own user: also the cheapest way to check a token. */
  public JsonNode me() {
    return caller.get("/api/v4/users/me", Query.none());
  }

  public JsonNode get(String userId) {
    return caller.get(Caller.path("/api/v4/users/{}", userId), Query.none());
  }

  /** Many Users in one call ({@code POST /users/ids}); unknown ids are left out. */
  public JsonNode byIds(Collection<String> userIds) {
    return caller.post("/api/v4/users/ids", ids(userIds));
  }

  /**
   * Users whose username, name or nickname starts with {@code term} ({@code POST /users/search}).
   *
   * @param teamId only members of this team, or null
   * @param limit  at most this many (the server allows up to 1000)
   */
  public JsonNode search(String term, String teamId, int limit) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("term", PostsApi.require(term, "term")).put("limit", limit);
    if (teamId != null && !teamId.isEmpty()) {
      body.put("team_id", teamId);
    }
    return caller.post("/api/v4/users/search", body);
  }

  public JsonNode status(String userId) {
    return caller.get(Caller.path("/api/v4/users/{}/status", userId), Query.none());
  }

  /**
   * Sets a user's status by hand ({@code PUT /users/{id}/status}); only the user themself or an admin may. Answers
   * the Status.
   *
   * @param status one of {@link #STATUSES}
   */
  public JsonNode setStatus(String userId, String status) {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("a status is one of " + STATUSES + ": " + status);
    }
    return caller.put(Caller.path("/api/v4/users/{}/status", userId),
        Json.MAPPER.createObjectNode().put("user_id", userId).put("status", status));
  }

  /** The Statuses of many users in one call ({@code POST /users/status/ids}); unknown ids are left out. */
  public JsonNode statuses(Collection<String> userIds) {
    return caller.post("/api/v4/users/status/ids", ids(userIds));
  }

  private static ArrayNode ids(Collection<String> userIds) {
    ArrayNode body = Json.MAPPER.createArrayNode();
    userIds.forEach(body::add);
    return body;
  }
}
