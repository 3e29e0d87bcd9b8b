package io.mmpipe.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.model.AccessToken;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logging in and out, and personal access tokens, as api4/user.go answers them. The session token of a login goes
 * in the {@code Token} response header (and an HttpOnly MMAUTHTOKEN cookie when the caller says
 * {@code X-Requested-With: XMLHttpRequest}); a token's secret is in the create answer only, never in a list.
 */
public final class IdentityRoutes {

  private static final String SESSION_COOKIE = "MMAUTHTOKEN";

  private final LockedWorld world;
  private final ApiSupport api;

  public IdentityRoutes(LockedWorld world, ApiSupport api) {
    this.world = world;
    this.api = api;
  }

  public void install(RoutesConfig app) {
    app.post("/api/v4/users/login", this::login);
    app.post("/api/v4/users/logout", this::logout);
    app.post("/api/v4/users/tokens/revoke", this::revoke);
    app.post("/api/v4/users/{user_id}/tokens", this::create);
    app.get("/api/v4/users/{user_id}/tokens", this::list);
  }

  /** model.MapFromJSON: a body that is not an object of strings reads as empty, so it fails as a blank password. */
  private void login(Context ctx) {
    Map<String, String> props = stringMap(ctx.body());
    AccessToken session = world.loginSession(props.getOrDefault("login_id", ""), props.getOrDefault("password", ""));
    ctx.header("Token", session.token());
    if ("XMLHttpRequest".equals(ctx.header("X-Requested-With"))) {
      ctx.header("Set-Cookie", SESSION_COOKIE + "=" + session.token() + "; Path=/; HttpOnly; SameSite=Lax");
    }
    ApiSupport.json(ctx, Shapes.user(world.user(session.userId())));
  }

  /** No session required: an unknown token is anonymous and still gets OK; a personal access token is not a login. */
  private void logout(Context ctx) {
    String token = ApiSupport.token(ctx);
    if (token != null) {
      world.logout(token);
    }
    ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly");
    ApiSupport.json(ctx, ApiSupport.ok());
  }

  private void create(Context ctx) {
    User caller = api.user(ctx); // the session check runs before the handler's own checks
    String userId = userIdParam(ctx);
    JsonNode body = ApiSupport.body(ctx);
    if (!body.isObject()) {
      throw invalidBody("user_access_token");
    }
    String target = userId.equals("me") ? caller.id() : userId;
    AccessToken t = world.createAccessToken(caller, target, body.path("description").asText(""));
    ApiSupport.json(ctx, shape(t, true));
  }

  private void list(Context ctx) {
    User caller = api.user(ctx); // the session check runs before the handler's own checks
    String userId = userIdParam(ctx);
    String target = userId.equals("me") ? caller.id() : userId;
    int page = ApiSupport.page(ctx);
    int perPage = ApiSupport.perPage(ctx);
    ApiSupport.json(ctx, world.accessTokensOf(caller, target).stream().skip((long) page * perPage).limit(perPage)
        .map(t -> shape(t, false)).toList());
  }

  private void revoke(Context ctx) {
    User caller = api.user(ctx);
    world.revokeAccessTokenById(caller, stringMap(ctx.body()).getOrDefault("token_id", ""));
    ApiSupport.json(ctx, ApiSupport.ok());
  }

  /** RequireUserId: "me" or a 26-character id, else 400 before anything else. */
  private static String userIdParam(Context ctx) {
    String userId = ctx.pathParam("user_id");
    if (!userId.equals("me") && !Ids.looksLikeId(userId)) {
      throw new ApiException(400, "api.context.invalid_url_param.app_error",
          "Invalid or missing user_id in request URL.");
    }
    return userId;
  }

  /** UserAccessToken JSON; {@code token} is omitempty and the server blanks it everywhere but the create answer. */
  private static Map<String, Object> shape(AccessToken t, boolean withSecret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    if (withSecret) {
      m.put("token", t.token());
    }
    m.put("user_id", t.userId());
    m.put("description", t.description());
    m.put("is_active", true);
    return m;
  }

  private static Map<String, String> stringMap(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      JsonNode n = Shapes.JSON.readTree(body);
      if (n == null || !n.isObject()) {
        return out;
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!e.getValue().isTextual()) {
          return new LinkedHashMap<>(); // json.Unmarshal into map[string]string fails as a whole
        }
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    } catch (IOException e) {
      return out;
    }
  }

  private static ApiException invalidBody(String name) {
    return new ApiException(400, "api.context.invalid_body_param.app_error",
        "Invalid or missing " + name + " in request body.");
  }
}
