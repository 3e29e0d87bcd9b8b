package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mmpipe.gateway.sse.SseWriter;
import java.io.IOException;

/** How {@code /mcp} writes its answers: one JSON object, an error, or the head of an SSE stream. */
final class Responses {

  private Responses() {}

  static void json(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  static void error(Context ctx, JsonNode id, McpError e) {
    json(ctx, e.httpStatus(), JsonRpc.error(id, e));
  }

  /** Starts an SSE response; the caller writes events to the returned writer. */
  static SseWriter sse(Context ctx) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    return new SseWriter(ctx.res().getOutputStream());
  }

  /** Whether the Accept header allows an event stream. */
  static boolean acceptsEventStream(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && (accept.contains("text/event-stream") || accept.contains("*/*"));
  }
}
