package io.mmpipe.gateway.broadcast;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.RecentUpdates;
import io.mmpipe.gateway.mcp.ResourceProvider;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The MCP resource {@code stream://broadcasts}: listed, read as the recent broadcasts this instance holds (the
 * broadcast ring; {@code {"uri","updates":[…],"resume_token"}} as for the Mattermost feeds, the token a position in
 * {@code mm.broadcasts}), and subscribable: a subscription is notified of every broadcast.
 */
public final class BroadcastResources implements ResourceProvider {

  private final RecentUpdates recent;
  private final int readLimit;

  /**
   * @param recent    over the broadcast ring, with the broadcast stream's tokens
   * @param readLimit how many recent broadcasts a read returns
   */
  public BroadcastResources(RecentUpdates recent, int readLimit) {
    this.recent = recent;
    this.readLimit = readLimit;
  }

  @Override
  public List<ObjectNode> resources() {
    return List.of(JsonRpc.JSON.createObjectNode().put("uri", StreamDirectory.BROADCASTS).put("name", "broadcasts")
        .put("description", "Broadcasts (info, warning, error) pushed with push_stream or POST /v1/broadcasts; "
            + "live: subscribe")
        .put("mimeType", "application/json"));
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of();
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    if (!StreamDirectory.BROADCASTS.equals(uri)) {
      return Optional.empty();
    }
    return Optional.of(recent.matching(u -> isBroadcast(u) && call.principal().canSee(u), readLimit).contents(uri));
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    return StreamDirectory.BROADCASTS.equals(uri) ? Optional.of(BroadcastResources::isBroadcast) : Optional.empty();
  }

  private static boolean isBroadcast(ResourceUpdate u) {
    return StreamDirectory.BROADCASTS.equals(u.getResourceUri());
  }
}
