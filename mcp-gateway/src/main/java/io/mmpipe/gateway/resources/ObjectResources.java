package io.mmpipe.gateway.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.FailureText;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.ResourceProvider;
import io.mmpipe.gateway.security.ScopeGuard;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-object templates of DESIGN.md: {@code mattermost://posts/{post_id}} (the post with its current reactions),
 * {@code mattermost://posts/{post_id}/thread} and {@code mattermost://users/{user_id}/status}; read from Redis first,
 * from Mattermost on a miss ({@link MattermostReads}). Also the completion of channel and user arguments (names to
 * ids) for every template that has them. A subscription to a post is notified on every update that mentions its id
 * (edits, reactions, replies); to a status on the user's status changes.
 */
public final class ObjectResources implements ResourceProvider {

  static final String POST = "mattermost://posts/{post_id}";
  static final String THREAD = "mattermost://posts/{post_id}/thread";
  static final String STATUS = "mattermost://users/{user_id}/status";
  static final String CHANNEL_POSTS = "mattermost://channels/{channel_id}/posts";
  private static final Pattern POST_URI = Pattern.compile("mattermost://posts/([A-Za-z0-9_-]{1,64})(/thread)?");
  private static final Pattern STATUS_URI = Pattern.compile("mattermost://users/([A-Za-z0-9_-]{1,64})/status");
  private static final int MAX_COMPLETIONS = 100;

  private final MattermostReads reads;

  public ObjectResources(MattermostReads reads) {
    this.reads = reads;
  }

  @Override
  public List<ObjectNode> resources() {
    return List.of();
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of(
        template(POST, "post", "A post with its current reactions (Mattermost's Post, plus reactions)"),
        template(THREAD, "post_thread", "The thread a post belongs to: {posts:[…]} newest first"),
        template(STATUS, "user_status", "A user's status (online, away, dnd, offline)"));
  }

  private static ObjectNode template(String uriTemplate, String name, String description) {
    return JsonRpc.JSON.createObjectNode().put("uriTemplate", uriTemplate).put("name", name)
        .put("description", description + "; live: subscribe").put("mimeType", "application/json");
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    Identity id = reads.access().of(call.principal());
    Matcher post = POST_URI.matcher(uri);
    Matcher status = STATUS_URI.matcher(uri);
    JsonNode body;
    try {
      if (post.matches()) {
        body = post.group(2) == null ? reads.postWithReactions(id, post.group(1))
            : MattermostReads.ordered(reads.thread(id, post.group(1)));
      } else if (status.matches()) {
        body = reads.status(id, status.group(1));
      } else {
        return Optional.empty();
      }
    } catch (MattermostApiException e) {
      throw failed(uri, e, call);
    }
    if (!ScopeGuard.mayRead(call.principal(), body)) { // read with the gateway's token: check what it answered
      throw call.resourceNotFound(uri);
    }
    ArrayNode contents = JsonRpc.JSON.createArrayNode();
    contents.addObject().put("uri", uri).put("mimeType", "application/json").put("text", body.toString());
    return Optional.of(contents);
  }

  /** 404: the era's "resource not found"; anything else: an internal error worded for the model. */
  static McpError failed(String uri, MattermostApiException e, Call call) {
    if (e.kind() == MattermostApiException.Kind.NOT_FOUND) {
      return call.resourceNotFound(uri);
    }
    return new McpError(JsonRpc.INTERNAL_ERROR, FailureText.describe(e, "nothing at " + uri, "read " + uri),
        JsonRpc.JSON.createObjectNode().put("uri", uri), 200);
  }

  @Override
  public List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    Identity id = reads.access().of(call.principal());
    if ("channel_id".equals(argument) && CHANNEL_POSTS.equals(uriTemplate)) {
      return reads.channelIds(id, prefix, MAX_COMPLETIONS).stream().filter(call.principal()::canSeeChannel).toList();
    }
    if ("user_id".equals(argument) && STATUS.equals(uriTemplate)) {
      return reads.userIds(id, prefix, MAX_COMPLETIONS);
    }
    return List.of();
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    Matcher post = POST_URI.matcher(uri);
    if (post.matches()) {
      // post ids are unique random strings: an update naming the id (post.id, post_id, root_id) concerns the post
      String quoted = "\"" + post.group(1) + "\"";
      return Optional.of(u -> u.getDataJson().contains(quoted));
    }
    Matcher status = STATUS_URI.matcher(uri);
    if (status.matches()) {
      String user = status.group(1);
      return Optional.of(u -> "mattermost://user_status".equals(u.getResourceUri()) && user.equals(u.getUserId()));
    }
    return Optional.empty();
  }
}
