package io.mmpipe.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.ResourceUpdate;

/** Real-shaped ResourceUpdates for tests. */
public final class TestUpdates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestUpdates() {}

  public static ResourceUpdate post(String channelId, String postId, String message) {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("post").put("id", postId).put("user_id", "u1").put("channel_id", channelId)
        .put("message", message).put("create_at", 1672531200000L);
    data.put("channel_id", channelId).put("user_id", "u1").put("team_id", "team1");
    return ResourceUpdate.newBuilder().setEventId("post_" + postId).setResourceUri("mattermost://new_channel_posts")
        .setUpdateType("created").setDataJson(data.toString()).setTimestamp(1672531200.123).setChannelId(channelId)
        .setTeamId("team1").setUserId("u1").setObservedAt(System.currentTimeMillis()).build();
  }

  public static ResourceUpdate reaction(String channelId, String postId, String emoji) {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("reaction").put("post_id", postId).put("user_id", "u2").put("emoji_name", emoji);
    data.put("post_id", postId).put("user_id", "u2").put("emoji_name", emoji).put("channel_id", channelId);
    return ResourceUpdate.newBuilder().setEventId("reaction_" + postId + "_u2_" + emoji + "_added_1")
        .setResourceUri("mattermost://reactions").setUpdateType("reaction_added").setDataJson(data.toString())
        .setTimestamp(1672531201.5).setChannelId(channelId).setUserId("u2")
        .setObservedAt(System.currentTimeMillis()).build();
  }
}
