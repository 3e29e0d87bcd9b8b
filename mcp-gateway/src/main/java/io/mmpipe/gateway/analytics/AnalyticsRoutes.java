package io.mmpipe.gateway.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;

/**
 * {@code GET /v1/analytics/channels/{id}}: a channel's latest minute and hour ({@link ActivityBoard#json});
 * {@code GET /v1/analytics/channels?limit=n}: the most active channels the caller may see, for the dashboard. Owns
 * the {@link ActivityReader}: started with the feature, closed with it. Bad input: README "Channel activity".
 */
public final class AnalyticsRoutes implements GatewayFeature {

  public static final String PATH = "/v1/analytics/channels";
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;

  private final ActivityBoard board;
  private final ActivityReader reader;
  private final PrincipalResolver principals;

  public AnalyticsRoutes(ActivityBoard board, ActivityReader reader, PrincipalResolver principals) {
    this.board = board;
    this.reader = reader;
    this.principals = principals;
  }

  @Override
  public void start() {
    reader.start();
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get(PATH, this::top);
    routes.get(PATH + "/{id}", this::one);
  }

  private void one(Context ctx) {
    String id = ctx.pathParam("id");
    if (!AnalyticsResources.URI.matcher("mattermost://analytics/channels/" + id).matches()) {
      throw new ApiException(400, "invalid_channel_id", "a channel id is 1 to 64 letters, digits, '-' or '_'");
    }
    Principal p = principals.resolve(ctx);
    ActivityBoard.Entry e = p.canSeeChannel(id) ? board.get(id).orElse(null) : null;
    if (e == null) {
      throw new ApiException(404, "unknown_channel", "no activity known for channel " + id);
    }
    ctx.contentType("application/json").result(ActivityBoard.json(e).toString());
  }

  private void top(Context ctx) {
    int limit = limit(ctx.queryParam("limit"));
    Principal p = principals.resolve(ctx);
    ObjectNode body = JsonRpc.JSON.createObjectNode().put("reading", reader.reading());
    ArrayNode list = body.putArray("channels");
    board.top(limit, p::canSeeChannel).forEach(e -> list.add(ActivityBoard.json(e)));
    ctx.contentType("application/json").result(body.toString());
  }

  static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT);
  }

  @Override
  public void close() {
    reader.close();
  }
}
