package io.mmpipe.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.util.regex.Pattern;

/**
 * Creating channels and managing their members, with the permissions Mattermost's default scheme gives: any team
 * member creates channels; a channel's members (and admins) add and remove members; anyone may join a public channel
 * of their team or leave a channel; nobody leaves the default channel or changes a direct or group message.
 */
public final class ChannelRoutes {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final String DEFAULT_CHANNEL = "town-square";

  private final LockedWorld world;
  private final ApiSupport api;

  public ChannelRoutes(LockedWorld world, ApiSupport api) {
    this.world = world;
    this.api = api;
  }

  public void install(RoutesConfig app) {
    app.post("/api/v4/channels", this::create);
    app.get("/api/v4/channels/{channel_id}/members", this::members);
    app.get("/api/v4/channels/{channel_id}/members/{user_id}", this::member);
    app.post("/api/v4/channels/{channel_id}/members", this::addMember);
    app.delete("/api/v4/channels/{channel_id}/members/{user_id}", this::removeMember);
  }

  private void create(Context ctx) {
    User u = api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    if (!body.path("team_id").asText("").equals(world.teamId())) {
      throw ApiException.forbidden(); // create_*_channel is a team permission: no team, no permission
    }
    String name = body.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw new ApiException(400, "model.channel.is_valid.name.app_error", "Invalid name.");
    }
    String displayName = body.path("display_name").asText("");
    if (displayName.isBlank() || displayName.length() > 64) {
      throw new ApiException(400, "model.channel.is_valid.display_name.app_error", "Invalid display name.");
    }
    String type = body.path("type").asText("");
    if (!type.equals("O") && !type.equals("P")) {
      throw new ApiException(400, "model.channel.is_valid.type.app_error", "Invalid type.");
    }
    String id = world.createChannel(u.id(), name, displayName, type.charAt(0));
    ctx.status(201);
    ApiSupport.json(ctx, Shapes.channel(world.channel(id)));
  }

  private void members(Context ctx) {
    User u = api.user(ctx);
    Channel c = world.channel(ctx.pathParam("channel_id"));
    Access.requireRead(u, c, world.teamId());
    int page = ApiSupport.page(ctx);
    int perPage = ApiSupport.perPage(ctx);
    ApiSupport.json(ctx, world.read(s -> c.members().stream().sorted().skip((long) page * perPage).limit(perPage)
        .map(userId -> Shapes.channelMember(s, c, userId)).toList()));
  }

  /**
   * One membership, as getChannelMember: the read permission is checked first (so an unknown channel is 403 to a
   * non-admin, not 404), then a missing membership is 404.
   */
  private void member(Context ctx) {
    User u = api.user(ctx);
    String channelId = ctx.pathParam("channel_id");
    String userId = ctx.pathParam("user_id").equals("me") ? u.id() : ctx.pathParam("user_id");
    Channel c = world.read(s -> s.channel(channelId)).orElse(null);
    if (c == null ? !u.admin() : !Access.canRead(u, c, world.teamId())) {
      throw ApiException.forbidden();
    }
    if (c == null || !c.isMember(userId)) {
      throw new ApiException(404, "app.channel.get_member.missing.app_error",
          "No channel member found for that user ID and channel ID.");
    }
    ApiSupport.json(ctx, world.read(s -> Shapes.channelMember(s, c, userId)));
  }

  private void addMember(Context ctx) {
    User u = api.user(ctx);
    Channel c = world.channel(ctx.pathParam("channel_id"));
    String userId = ApiSupport.body(ctx).path("user_id").asText("");
    if (userId.isEmpty()) {
      throw ApiException.badRequest("user_id");
    }
    requireChangeable(c, "api.channel.add_user_to_channel.type.app_error");
    boolean joiningPublic = userId.equals(u.id()) && c.isOpen();
    if (!joiningPublic && !c.isMember(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    world.user(userId); // 404 for an unknown user
    world.addMember(c.id(), userId);
    ctx.status(201);
    ApiSupport.json(ctx, world.read(s -> Shapes.channelMember(s, s.channel(c.id()).orElseThrow(), userId)));
  }

  private void removeMember(Context ctx) {
    User u = api.user(ctx);
    Channel c = world.channel(ctx.pathParam("channel_id"));
    String userId = ctx.pathParam("user_id");
    requireChangeable(c, "api.channel.remove_channel_member.type.app_error");
    if (c.name().equals(DEFAULT_CHANNEL)) {
      throw new ApiException(400, "api.channel.remove.default.app_error",
          "Unable to remove user from the default channel " + DEFAULT_CHANNEL + ".");
    }
    if (!userId.equals(u.id()) && !c.isMember(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    if (!c.isMember(userId)) {
      throw new ApiException(404, "app.channel.get_member.missing.app_error",
          "No channel member found for that user ID and channel ID.");
    }
    world.removeMember(c.id(), userId, u.id());
    ApiSupport.json(ctx, ApiSupport.ok());
  }

  private static void requireChangeable(Channel c, String typeErrorId) {
    if (c.isDirectOrGroup()) {
      throw new ApiException(400, typeErrorId, "Can not change the members of a direct or group message.");
    }
    if (c.deleteAt() > 0) {
      throw new ApiException(400, "api.channel.add_user.to.channel.failed.deleted.app_error",
          "The channel has been archived or deleted.");
    }
  }
}
