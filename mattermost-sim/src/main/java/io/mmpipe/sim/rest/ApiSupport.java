package io.mmpipe.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.PostQueries;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every /api/v4 call shares: X-Request-Id and X-Version-Id on every response, the rate limiter and injected
 * failures before any handler, token authentication, and errors as AppError JSON.
 */
public final class ApiSupport {

  private static final Logger log = LoggerFactory.getLogger(ApiSupport.class);
  private static final String USER_ATTR = "sim.user";

  private final LockedWorld world;
  private final Ids requestIds;
  private final Supplier<String> version;
  private final RateLimiter limiter; // null when off
  private final InjectedRestFailures restFailures;

  public ApiSupport(LockedWorld world, Ids requestIds, Supplier<String> version, RateLimiter limiter,
      InjectedRestFailures restFailures) {
    this.world = world;
    this.requestIds = requestIds;
    this.version = version;
    this.limiter = limiter;
    this.restFailures = restFailures;
  }

  /** A response already decided before the handler ran (rate limit, injected failure). */
  static final class EarlyAnswer extends RuntimeException {
    final int status;
    final String body;
    final boolean plainText;

    EarlyAnswer(int status, String body, boolean plainText) {
      super(null, null, false, false);
      this.status = status;
      this.body = body;
      this.plainText = plainText;
    }
  }

  public void install(RoutesConfig app) {
    app.before(ctx -> {
      String requestId = requestIds.next();
      ctx.attribute("sim.requestId", requestId);
      ctx.header("X-Request-Id", requestId);
      ctx.header("X-Version-Id", version.get());
    });
    app.before("/api/v4/*", this::gate);
    app.exception(EarlyAnswer.class, (e, ctx) -> {
      ctx.status(e.status);
      if (e.plainText) {
        ctx.contentType("text/plain; charset=utf-8").result(e.body);
      } else {
        ctx.contentType("application/json").result(e.body);
      }
    });
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.errorId(), e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) ->
        error(ctx, 400, "api.context.invalid_param.app_error", e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      log.warn("handler failed on {}", ctx.path(), e);
      error(ctx, 500, "api.context.unknown.app_error", "An internal error occurred.");
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        error(ctx, 404, "api.context.404.app_error", "Sorry, we could not find the page.");
      }
    });
    app.error(405, ctx -> error(ctx, 405, "api.context.405.app_error", "Method not allowed."));
  }

  private void gate(Context ctx) {
    if (limiter != null) {
      RateLimiter.Decision d = limiter.acquire(ctx.req().getRemoteAddr());
      ctx.header("X-Ratelimit-Limit", String.valueOf(d.limit()));
      ctx.header("X-Ratelimit-Remaining", String.valueOf(d.remaining()));
      ctx.header("X-Ratelimit-Reset", String.valueOf(d.resetSeconds()));
      if (!d.allowed()) {
        ctx.header("Retry-After", String.valueOf(d.retryAfterSeconds()));
        throw new EarlyAnswer(429, "limit exceeded\n", true);
      }
    }
    InjectedRestFailures.Failure f = restFailures.next();
    if (f != null) {
      if (f.status() == 429) {
        ctx.header("X-Ratelimit-Limit", String.valueOf(RateLimiter.PER_SECOND));
        ctx.header("X-Ratelimit-Remaining", "0");
        ctx.header("X-Ratelimit-Reset", String.valueOf(Math.max(1, f.retryAfterSeconds())));
        ctx.header("Retry-After", String.valueOf(f.retryAfterSeconds()));
        throw new EarlyAnswer(429, "limit exceeded\n", true);
      }
      if (f.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", String.valueOf(f.retryAfterSeconds()));
      }
      throw new EarlyAnswer(f.status(), appError(ctx, f.status(), "api.context.unavailable.app_error",
          "The server is unavailable (injected)."), false);
    }
  }

  /** The calling user; 401 AppError when the token is missing, invalid or sent in the URL. */
  public User user(Context ctx) {
    User cached = ctx.attribute(USER_ATTR);
    if (cached != null) {
      return cached;
    }
    if (ctx.queryParam("access_token") != null) {
      throw new ApiException(401, "api.context.token_provided.app_error",
          "Token authentication in the URL is not allowed for this session.");
    }
    String token = token(ctx);
    User u = world.userByToken(token);
    if (u == null) {
      throw new ApiException(401, "api.context.session_expired.app_error",
          "Invalid or expired session, please login again.");
    }
    ctx.attribute(USER_ATTR, u);
    return u;
  }

  static String token(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null) {
      String a = auth.trim();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return a.substring(7).trim();
      }
      if (a.regionMatches(true, 0, "Token ", 0, 6)) {
        return a.substring(6).trim();
      }
    }
    return ctx.cookie("MMAUTHTOKEN");
  }

  public static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(Shapes.toJson(body));
  }

  static void error(Context ctx, int status, String id, String message) {
    ctx.status(status).contentType("application/json").result(appError(ctx, status, id, message));
  }

  static String appError(Context ctx, int status, String id, String message) {
    return Shapes.toJson(Shapes.appError(status, id, message, ctx.attribute("sim.requestId")));
  }

  /** The JSON body; 400 AppError when it is missing or not JSON. */
  static JsonNode body(Context ctx) {
    try {
      JsonNode n = Shapes.JSON.readTree(ctx.body());
      if (n == null || n.isMissingNode()) {
        throw new ApiException(400, "api.context.invalid_body_param.app_error", "Invalid or missing body.");
      }
      return n;
    } catch (IOException e) {
      throw new ApiException(400, "api.context.invalid_body_param.app_error", "Invalid or missing body.");
    }
  }

  static long longParam(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "api.context.invalid_url_param.app_error", "Invalid " + name + " parameter.");
    }
  }

  static int intParam(String name, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "api.context.invalid_url_param.app_error", "Invalid " + name + " parameter.");
    }
  }

  /** {@code page} from 0 (default 0). */
  static int page(Context ctx) {
    String v = ctx.queryParam("page");
    return v == null ? 0 : intParam("page", v);
  }

  /** {@code per_page}: default 60, larger than 200 silently clamped, as the server does. */
  static int perPage(Context ctx) {
    String v = ctx.queryParam("per_page");
    return v == null ? PostQueries.DEFAULT_PER_PAGE
        : Math.min(PostQueries.MAX_PER_PAGE, Math.max(1, intParam("per_page", v)));
  }

  public static Map<String, Object> ok() {
    return Map.of("status", "OK");
  }
}
