package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.mattermost.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Channels and their members. Answers are Mattermost's Channel and ChannelMember objects. */
public final class ChannelsApi {

  private final Caller caller;

  ChannelsApi(Caller caller) {
    this.caller = caller;
  }

  /** Channels of one team the token's user is a member of, plus its direct and group messages (the polling view). */
  public List<ChannelInfo> myChannels(String teamId) {
    List<ChannelInfo> out = new ArrayList<>();
    forUser("me", teamId).forEach(c -> out.add(new ChannelInfo(Json.text(c, "id"), Json.text(c, "team_id"),
        Json.text(c, "type"), Json.text(c, "name"), Json.number(c, "delete_at"))));
    return out;
  }

  /**
   * The Channels of a team a user is a member of, with their direct and group messages
   * ({@code GET /users/{user_id}/teams/{team_id}/channels}); {@code userId} may be {@code me}. Only the user
   * themself (or an admin) may ask.
   */
  public JsonNode forUser(String userId, String teamId) {
    return caller.get(Caller.path("/api/v4/users/{}/teams/{}/channels", userId, teamId), Query.none());
  }

  public JsonNode get(String channelId) {
    return caller.get(Caller.path("/api/v4/channels/{}", channelId), Query.none());
  }

  /** Creates a public or private channel with the token's user as its first member; answers the Channel. */
  public JsonNode create(NewChannel channel) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("team_id", channel.teamId()).put("name", channel.name())
        .put("display_name", channel.displayName()).put("type", String.valueOf(channel.type()));
    if (channel.purpose() != null) {
      body.put("purpose", channel.purpose());
    }
    if (channel.header() != null) {
      body.put("header", channel.header());
    }
    return caller.post("/api/v4/channels", body);
  }

  /** Adds a user to a channel ({@code POST /channels/{id}/members}); answers the ChannelMember. */
  public JsonNode addMember(String channelId, String userId) {
    return caller.post(Caller.path("/api/v4/channels/{}/members", channelId),
        Json.MAPPER.createObjectNode().put("user_id", PostsApi.require(userId, "userId")));
  }

  /** Removes a user from a channel, or leaves it when it is the token's own user. */
  public void removeMember(String channelId, String userId) {
    caller.delete(Caller.path("/api/v4/channels/{}/members/{}", channelId, userId));
  }

  /** One page of a channel's ChannelMembers ({@code per_page} at most 200). */
  public JsonNode members(String channelId, int page, int perPage) {
    return caller.get(Caller.path("/api/v4/channels/{}/members", channelId),
        Query.none().add("page", page).add("per_page", perPage));
  }
}
