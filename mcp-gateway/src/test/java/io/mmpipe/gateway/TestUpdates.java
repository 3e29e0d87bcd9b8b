package io.mmpipe.gateway;

import io.mmpipe.schemas.avro.ResourceUpdate;

/** Real-shaped ResourceUpdates for tests. */
public final class TestUpdates {

  private TestUpdates() {}

  public static ResourceUpdate post(String channelId, String postId, String message) {
    String data = "{\"post\":{\"id\":\"" + postId + "\",\"user_id\":\"u1\",\"channel_id\":\"" + channelId
        + "\",\"message\":\"" + message + "\",\"create_at\":1672531200000},\"channel_id\":\"" + channelId
        + "\",\"user_id\":\"u1\",\"team_id\":\"team1\"}";
    return ResourceUpdate.newBuilder().setEventId("post_" + postId).setResourceUri("mattermost://new_channel_posts")
        .setUpdateType("created").setDataJson(data).setTimestamp(1672531200.123).setChannelId(channelId)
        .setTeamId("team1").setUserId("u1").setObservedAt(System.currentTimeMillis()).build();
  }

  public static ResourceUpdate reaction(String channelId, String postId, String emoji) {
    String data = "{\"reaction\":{\"post_id\":\"" + postId + "\",\"user_id\":\"u2\",\"emoji_name\":\"" + emoji
        + "\"},\"post_id\":\"" + postId + "\",\"user_id\":\"u2\",\"emoji_name\":\"" + emoji
        + "\",\"channel_id\":\"" + channelId + "\"}";
    return ResourceUpdate.newBuilder().setEventId("reaction_" + postId + "_u2_" + emoji + "_added_1")
        .setResourceUri("mattermost://reactions").setUpdateType("reaction_added").setDataJson(data)
        .setTimestamp(1672531201.5).setChannelId(channelId).setUserId("u2")
        .setObservedAt(System.currentTimeMillis()).build();
  }
}
