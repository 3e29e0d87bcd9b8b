package io.mmpipe.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.PostList;
import io.mmpipe.sim.model.PostQueries;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.PostSearch;
import io.mmpipe.sim.model.Reaction;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.Shapes.PostView;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Posts and reactions: reads with since/page semantics, and writes that go through the world (and its events). */
public final class PostRoutes {

  private final LockedWorld world;
  private final ApiSupport api;
  private final PendingPosts pending = new PendingPosts(System::currentTimeMillis);

  public PostRoutes(LockedWorld world, ApiSupport api) {
    this.world = world;
    this.api = api;
  }

  public void install(RoutesConfig app) {
    app.get("/api/v4/channels/{channel_id}/posts", this::channelPosts);
    app.post("/api/v4/posts/ids/reactions", this::reactionsByIds);
    app.get("/api/v4/posts/{post_id}", this::getPost);
    app.get("/api/v4/posts/{post_id}/thread", this::thread);
    app.get("/api/v4/posts/{post_id}/reactions", this::postReactions);
    app.post("/api/v4/posts", this::createPost);
    app.put("/api/v4/posts/{post_id}/patch", this::patchPost);
    app.delete("/api/v4/posts/{post_id}", this::deletePost);
    app.post("/api/v4/reactions", this::addReaction);
    app.delete("/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}", this::removeReaction);
    app.post("/api/v4/teams/{team_id}/posts/search", this::search);
  }

  private void channelPosts(Context ctx) {
    User u = api.user(ctx);
    // as the server: include_deleted is for system admins, checked before anything else (even with since)
    boolean includeDeleted = Boolean.parseBoolean(ctx.queryParam("include_deleted"));
    if (includeDeleted && !u.admin()) {
      throw ApiException.forbidden();
    }
    Channel c = world.channel(ctx.pathParam("channel_id"));
    Access.requireRead(u, c, world.teamId());
    String since = ctx.queryParam("since");
    String page = ctx.queryParam("page");
    String perPage = ctx.queryParam("per_page");
    String before = ctx.queryParam("before");
    String after = ctx.queryParam("after");
    if (since != null) {
      if (page != null || perPage != null || before != null || after != null) {
        throw new ApiException(400, "api.context.invalid_url_param.app_error",
            "since cannot be combined with page, per_page, before or after.");
      }
      long t = ApiSupport.longParam("since", since);
      ApiSupport.json(ctx, world.read(s -> Shapes.postList(s,
          PostQueries.since(s, c.id(), t, PostQueries.SINCE_CAP))));
      return;
    }
    int p = page == null ? 0 : ApiSupport.intParam("page", page);
    int pp = perPage == null ? PostQueries.DEFAULT_PER_PAGE : ApiSupport.intParam("per_page", perPage);
    int clamped = Math.min(Math.max(pp, 1), PostQueries.MAX_PER_PAGE); // larger values are silently clamped
    String b = before == null ? "" : before;
    String a = after == null ? "" : after;
    ApiSupport.json(ctx, world.read(s -> Shapes.postList(s,
        PostQueries.page(s, c.id(), p, clamped, b, a, includeDeleted))));
  }

  private void getPost(Context ctx) {
    User u = api.user(ctx);
    PostRow p = world.livePost(ctx.pathParam("post_id"));
    Access.requireRead(u, world.channel(p.channelId()), world.teamId());
    ApiSupport.json(ctx, world.read(s -> Shapes.post(s, p, PostView.REST)));
  }

  private void thread(Context ctx) {
    User u = api.user(ctx);
    PostRow p = world.livePost(ctx.pathParam("post_id"));
    Access.requireRead(u, world.channel(p.channelId()), world.teamId());
    ApiSupport.json(ctx, world.read(s -> {
      PostList list = PostQueries.thread(s, p);
      return Shapes.postList(s, list);
    }));
  }

  private void postReactions(Context ctx) {
    User u = api.user(ctx);
    PostRow p = world.livePost(ctx.pathParam("post_id"));
    Access.requireRead(u, world.channel(p.channelId()), world.teamId());
    ApiSupport.json(ctx, world.read(s -> s.activeReactions(p.id()).stream().map(Shapes::reaction).toList()));
  }

  /** Every requested id is present in the answer, with [] when the post has no reactions. */
  private void reactionsByIds(Context ctx) {
    User u = api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    if (!body.isArray()) {
      throw ApiException.badRequest("post_ids");
    }
    List<String> ids = new ArrayList<>();
    body.forEach(n -> ids.add(n.asText()));
    ApiSupport.json(ctx, world.read(s -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String id : ids) {
        PostRow p = s.post(id).orElse(null);
        List<Reaction> rs = List.of();
        if (p != null) {
          Channel c = s.channel(p.channelId()).orElseThrow();
          Access.requireRead(u, c, s.teamId());
          rs = s.activeReactions(id);
        }
        out.put(id, rs.stream().map(Shapes::reaction).toList());
      }
      return out;
    }));
  }

  private void createPost(Context ctx) {
    User u = api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    String channelId = body.path("channel_id").asText("");
    if (channelId.isEmpty()) {
      throw ApiException.badRequest("channel_id");
    }
    List<String> fileIds = new ArrayList<>();
    body.path("file_ids").forEach(n -> fileIds.add(n.asText()));
    String pendingPostId = body.path("pending_post_id").asText("");
    String id = pending.createOnce(u.id(), pendingPostId, () -> world.post(u.id(), channelId,
        body.path("root_id").asText(""), body.path("message").asText(""), fileIds).id());
    ctx.status(201);
    ApiSupport.json(ctx, world.read(s -> {
      Map<String, Object> post = Shapes.post(s, s.post(id).orElseThrow(), PostView.REST);
      post.put("pending_post_id", pendingPostId);
      return post;
    }));
  }

  private void patchPost(Context ctx) {
    User u = api.user(ctx);
    PostRow p = world.livePost(ctx.pathParam("post_id"));
    if (!p.userId().equals(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    JsonNode body = ApiSupport.body(ctx);
    if (!body.has("message")) {
      ApiSupport.json(ctx, world.read(s -> Shapes.post(s, p, PostView.REST)));
      return;
    }
    SimPost edited = world.editPost(p.id(), body.path("message").asText(""));
    ApiSupport.json(ctx, world.read(s -> Shapes.post(s, s.post(edited.id()).orElseThrow(), PostView.REST)));
  }

  private void deletePost(Context ctx) {
    User u = api.user(ctx);
    PostRow p = world.livePost(ctx.pathParam("post_id"));
    if (!p.userId().equals(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    world.deletePostAs(p.id(), u.id());
    ApiSupport.json(ctx, ApiSupport.ok());
  }

  private void addReaction(Context ctx) {
    User u = api.user(ctx);
    JsonNode body = ApiSupport.body(ctx);
    String userId = body.path("user_id").asText("");
    String postId = body.path("post_id").asText("");
    String emoji = body.path("emoji_name").asText("");
    if (!userId.equals(u.id())) {
      throw ApiException.forbidden();
    }
    world.addReaction(userId, postId, emoji);
    ApiSupport.json(ctx, world.read(s -> Shapes.reaction(s.reaction(postId, userId, emoji).orElseThrow())));
  }

  private void removeReaction(Context ctx) {
    User u = api.user(ctx);
    String userId = ctx.pathParam("user_id");
    if (!userId.equals(u.id()) && !u.admin()) {
      throw ApiException.forbidden();
    }
    world.removeReaction(userId, ctx.pathParam("post_id"), ctx.pathParam("emoji_name"));
    ApiSupport.json(ctx, ApiSupport.ok());
  }

  /** The database search: the user's own channels only, a PostList with {@code matches} null (no Elasticsearch). */
  private void search(Context ctx) {
    User u = api.user(ctx);
    if (!ctx.pathParam("team_id").equals(world.teamId())) {
      throw ApiException.forbidden(); // view_team is checked first: an unknown team is a team you cannot view
    }
    JsonNode body = ApiSupport.body(ctx);
    String terms = body.path("terms").asText("");
    if (terms.isBlank()) {
      throw ApiException.badRequest("terms");
    }
    int page = Math.max(0, body.path("page").asInt(0));
    int perPage = Math.min(PostQueries.MAX_PER_PAGE,
        Math.max(1, body.path("per_page").asInt(PostQueries.DEFAULT_PER_PAGE)));
    boolean or = body.path("is_or_search").asBoolean(false);
    ApiSupport.json(ctx, world.read(s -> {
      Map<String, Object> list = Shapes.postList(s, PostSearch.search(s, u.id(), terms, or, page, perPage));
      list.put("matches", null);
      return list;
    }));
  }
}
