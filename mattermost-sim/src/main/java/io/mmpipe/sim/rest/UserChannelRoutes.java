package io.mmpipe.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Users, teams, channels and statuses. */
public final class UserChannelRoutes {

  private final LockedWorld world;
  private final ApiSupport api;

  public UserChannelRoutes(LockedWorld world, ApiSupport api) {
    this.world = world;
    this.api = api;
  }

  public void install(RoutesConfig app) {
    app.get("/api/v4/system/ping", ctx -> ApiSupport.json(ctx, Map.of("status", "OK")));
    app.get("/api/v4/users/me", ctx -> ApiSupport.json(ctx, Shapes.user(api.user(ctx))));
    app.get("/api/v4/users/me/teams", ctx -> {
      api.user(ctx);
      ApiSupport.json(ctx, List.of(world.read(Shapes::team)));
    });
    app.get("/api/v4/users/{user_id}/teams/{team_id}/channels", this::myChannels);
    app.get("/api/v4/teams/{team_id}/channels", this::publicChannels);
    app.get("/api/v4/users/{user_id}/channels", this::allMyChannels);
    app.get("/api/v4/channels/{channel_id}", ctx -> {
      User u = api.user(ctx);
      Channel c = world.channel(ctx.pathParam("channel_id"));
      Access.requireRead(u, c, world.teamId());
      ApiSupport.json(ctx, Shapes.channel(c));
    });
    app.post("/api/v4/channels/members/{user_id}/view", this::viewChannel);
    app.post("/api/v4/users/ids", this::usersByIds);
    app.post("/api/v4/users/status/ids", this::statusesByIds);
    app.post("/api/v4/users/search", this::searchUsers);
    app.get("/api/v4/users/{user_id}", ctx -> {
      api.user(ctx);
      ApiSupport.json(ctx, Shapes.user(world.user(ctx.pathParam("user_id"))));
    });
    app.put("/api/v4/users/{user_id}/status", this::setStatus);
    app.get("/api/v4/users/{user_id}/status", ctx -> {
      api.user(ctx);
      String id = world.user(ctx.pathParam("user_id")).id();
      ApiSupport.json(ctx, world.read(s -> Shapes.status(id, s.status(id), world.clock().peek())));
    });
  }

  /** Sets a status by hand: the user themself or an admin; the body names the same user. */
  private void setStatus(Context ctx) {
    User u = api.user(ctx);
    String userId = ctx.pathParam("user_id");
    JsonNode body = ApiSupport.body(ctx);
    if (!body.path("user_id").asText("").equals(userId)) {
      throw ApiException.badRequest("user_id");
    }
    if (!userId.equals(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    // an unknown status is the world's IllegalArgumentException: a 400 invalid_param AppError
    world.setStatus(world.user(userId).id(), body.path("status").asText(""));
    ApiSupport.json(ctx, world.read(s -> Shapes.status(userId, s.status(userId), world.clock().peek())));
  }

  /** Marks a channel viewed; answers the viewed-at times like the server (an empty channel_id views nothing). */
  private void viewChannel(Context ctx) {
    User u = api.user(ctx);
    String who = ctx.pathParam("user_id");
    if (!who.equals("me") && !who.equals(u.id())) {
      throw ApiException.forbidden();
    }
    String channelId = ApiSupport.body(ctx).path("channel_id").asText("");
    Map<String, Long> times = new java.util.LinkedHashMap<>();
    if (!channelId.isEmpty()) {
      world.viewChannel(u.id(), channelId);
      times.put(channelId, world.read(s -> s.lastViewedAt(channelId, u.id())));
    }
    ApiSupport.json(ctx, Map.of("status", "OK", "last_viewed_at_times", times));
  }

  /** Channels the user is a member of in the team, plus its direct and group messages. */
  private void myChannels(Context ctx) {
    User u = api.user(ctx);
    String who = ctx.pathParam("user_id");
    if (!who.equals("me") && !who.equals(u.id())) {
      throw ApiException.forbidden();
    }
    String teamId = ctx.pathParam("team_id");
    requireTeam(teamId);
    ApiSupport.json(ctx, world.read(s -> s.channels().stream()
        .filter(c -> c.deleteAt() == 0 && c.isMember(u.id()))
        .filter(c -> c.teamId().equals(teamId) || c.isDirectOrGroup())
        .map(Shapes::channel).toList()));
  }

  /**
   * Every channel of the user in every team plus its direct and group messages (getChannelsForUser): the user
   * themself or a system admin (edit_other_users); deleted channels only with {@code include_deleted=true}.
   */
  private void allMyChannels(Context ctx) {
    User u = api.user(ctx);
    String who = ctx.pathParam("user_id").equals("me") ? u.id() : ctx.pathParam("user_id");
    if (!who.equals(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    boolean deleted = "true".equals(ctx.queryParam("include_deleted"));
    ApiSupport.json(ctx, world.read(s -> s.channels().stream()
        .filter(c -> (deleted || c.deleteAt() == 0) && c.isMember(who))
        .map(Shapes::channel).toList()));
  }

  /** Public channels of the team, member or not (paged). */
  private void publicChannels(Context ctx) {
    api.user(ctx);
    String teamId = ctx.pathParam("team_id");
    requireTeam(teamId);
    int page = ApiSupport.page(ctx);
    int perPage = ApiSupport.perPage(ctx);
    ApiSupport.json(ctx, world.read(s -> s.channels().stream()
        .filter(c -> c.deleteAt() == 0 && c.isOpen() && c.teamId().equals(teamId))
        .skip((long) page * perPage).limit(perPage)
        .map(Shapes::channel).toList()));
  }

  private void usersByIds(Context ctx) {
    api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    List<Object> out = new ArrayList<>();
    body.forEach(n -> world.read(s -> s.user(n.asText())).ifPresent(u -> out.add(Shapes.user(u))));
    ApiSupport.json(ctx, out);
  }

  /**
   * As api4/status.go getUserStatusesByIds: a JSON array of ids, none empty and each 26 characters long, or 400
   * {@code user_ids}; no permission check and no count limit; unknown users are left out.
   */
  private void statusesByIds(Context ctx) {
    api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    if (!body.isArray() || body.isEmpty()) {
      throw ApiException.badRequest("user_ids");
    }
    for (JsonNode n : body) {
      if (!n.isTextual() || n.asText().length() != 26) {
        throw ApiException.badRequest("user_ids");
      }
    }
    List<Object> out = new ArrayList<>();
    long now = world.clock().peek();
    body.forEach(n -> world.read(s -> s.user(n.asText()).map(u -> Shapes.status(u.id(), s.status(u.id()), now)))
        .ifPresent(out::add));
    ApiSupport.json(ctx, out);
  }

  private void searchUsers(Context ctx) {
    api.user(ctx);
    String term = ApiSupport.body(ctx).path("term").asText("").toLowerCase(Locale.ROOT);
    ApiSupport.json(ctx, world.read(s -> s.users().stream()
        .filter(u -> u.username().startsWith(term) || u.firstName().toLowerCase(Locale.ROOT).startsWith(term))
        .map(Shapes::user).toList()));
  }

  private void requireTeam(String teamId) {
    if (!teamId.equals(world.teamId())) {
      throw new ApiException(404, "app.team.get.find.app_error", "team not found");
    }
  }
}
