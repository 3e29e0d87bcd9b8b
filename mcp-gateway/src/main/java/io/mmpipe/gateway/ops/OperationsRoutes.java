package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.security.PrincipalResolver;
import java.util.Map;

/**
 * {@code GET /v1/operations} (the recent operations, newest first; {@code ?limit=1..1000}, 50 by default) and
 * {@code GET /v1/operations/{id}} (one operation's state), as JSON for the dashboard. Errors are the gateway's JSON
 * errors: 400 for a malformed id or limit, 404 for an unknown id, 503 when Redis is unreachable and this instance
 * does not know the operation. Behind the same authentication as {@code /mcp}; a caller is listed and shown only the
 * operations it may see (its own; every one for a principal that sees every channel), another's id is a 404.
 */
public final class OperationsRoutes implements GatewayFeature {

  static final int DEFAULT_LIMIT = 50;
  private final Operations operations;
  private final PrincipalResolver principals;

  public OperationsRoutes(Operations operations, PrincipalResolver principals) {
    this.operations = operations;
    this.principals = principals;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/v1/operations", this::recent);
    routes.get("/v1/operations/{id}", this::one);
  }

  private void recent(Context ctx) {
    int limit = limit(ctx.queryParam("limit"));
    ObjectNode body = OperationState.JSON.createObjectNode();
    ArrayNode list = body.putArray("operations");
    operations.recent(limit, principals.resolve(ctx)).forEach(s -> list.add(s.toJson()));
    body.put("shared", !operations.degraded());
    ctx.contentType("application/json").result(body.toString());
  }

  private void one(Context ctx) {
    String id = ctx.pathParam("id");
    if (!Operations.wellFormed(id)) {
      throw new ApiException(400, "invalid_operation_id", "an operation id is 1 to 64 letters, digits, '-' or '_'");
    }
    try {
      OperationState s = operations.lookup(id, principals.resolve(ctx)).orElseThrow(() -> new ApiException(404,
          "unknown_operation", "no operation with id " + id + " (unknown, or older than the last "
              + operations.settings().keep() + " kept)"));
      ctx.contentType("application/json").result(s.toJson().toString());
    } catch (OperationStore.Unavailable e) {
      throw new ApiException(503, "store_unavailable", e.getMessage() + "; retry later", Map.of("Retry-After", "5"));
    }
  }

  private int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    int max = operations.settings().keep();
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "invalid_limit", "limit must be an integer from 1 to " + max);
  }
}
