package io.mmpipe.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error response in one place: typed Javalin exceptions become {@code {"error":…,"message":…,"status":…}};
 * anything unexpected is logged and answered with a generic 500, never a stack trace.
 */
public final class ErrorMapping {

  private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorMapping() {}

  public static void install(RoutesConfig routes) {
    routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), e.getMessage(), e));
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
      write(ctx, 500, "internal error", null);
    });
  }

  /** Details that are answered as response headers, not body fields. */
  private static final java.util.Set<String> HEADERS = java.util.Set.of("Retry-After", "WWW-Authenticate");

  private static void write(Context ctx, int status, String message, HttpResponseException e) {
    ObjectNode body = JSON.createObjectNode();
    HttpStatus s = HttpStatus.forStatus(status);
    body.put("error", e instanceof ApiException api ? api.code()
        : s.getMessage().toLowerCase(Locale.ROOT).replace(' ', '_'));
    body.put("message", message);
    body.put("status", status);
    if (e != null) {
      e.getDetails().forEach((k, v) -> {
        if (HEADERS.contains(k)) {
          ctx.header(k, v);
        } else {
          body.put(k, v);
        }
      });
    }
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
