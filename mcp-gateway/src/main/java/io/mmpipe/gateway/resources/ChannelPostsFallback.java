package io.mmpipe.gateway.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.MattermostResources;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's recent posts from Mattermost (through the Redis read cache) when mm.updates has given this gateway
 * nothing for it: each post as the {@code created} update the pipeline would have sent for it (same event id
 * {@code post_<id>}, so a client that later sees the live update can tell it is the same post).
 */
public final class ChannelPostsFallback implements MattermostResources.ChannelFallback {

  private final MattermostReads reads;

  public ChannelPostsFallback(MattermostReads reads) {
    this.reads = reads;
  }

  @Override
  public List<String> recent(String channelId, Call call, int limit) {
    Identity id = reads.access().of(call.principal());
    String uri = "mattermost://channels/" + channelId + "/posts";
    JsonNode posts;
    String teamId;
    try {
      posts = MattermostReads.ordered(reads.channelPosts(id, channelId,
          ChannelPostsQuery.page(0, Math.min(200, limit)))).get("posts");
      teamId = reads.channel(id, channelId).path("team_id").asText("");
    } catch (MattermostApiException e) {
      throw ObjectResources.failed(uri, e, call);
    }
    List<String> out = new ArrayList<>();
    for (int i = posts.size() - 1; i >= 0; i--) { // Mattermost answers newest first; a read lists oldest first
      out.add(ResourceUpdateJson.write(created(posts.get(i), teamId)));
    }
    return out;
  }

  private static ResourceUpdate created(JsonNode post, String teamId) {
    ObjectNode data = JsonRpc.JSON.createObjectNode();
    data.set("post", post);
    data.put("channel_id", post.path("channel_id").asText()).put("user_id", post.path("user_id").asText())
        .put("team_id", teamId);
    return ResourceUpdate.newBuilder().setEventId("post_" + post.path("id").asText())
        .setResourceUri("mattermost://new_channel_posts").setUpdateType("created").setDataJson(data.toString())
        .setTimestamp(post.path("create_at").asLong() / 1000.0).setChannelId(post.path("channel_id").asText())
        .setTeamId(teamId).setUserId(post.path("user_id").asText()).build();
  }
}
