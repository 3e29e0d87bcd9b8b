package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.JsonText;
import io.mmpipe.gateway.sse.SseWriter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one POST: a single JSON object, unless the method sends related notifications first; then (when the
 * client accepts {@code text/event-stream}) an SSE stream of those notifications ending with the response. A client
 * that closes that stream has cancelled the request ({@link #gone()}).
 */
final class ResponseChannel implements RelatedMessages {

  private static final Logger log = LoggerFactory.getLogger(ResponseChannel.class);
  private final Context ctx;
  private final boolean streamAllowed;
  private SseWriter sse;
  private volatile boolean gone;

  ResponseChannel(Context ctx) {
    this.ctx = ctx;
    this.streamAllowed = Responses.acceptsEventStream(ctx);
  }

  @Override
  public synchronized void send(ObjectNode notification) {
    if (!streamAllowed || gone) {
      return;
    }
    try {
      if (sse == null) {
        sse = Responses.sse(ctx);
      }
      sse.event("message", null, JsonText.write(notification)).flush();
    } catch (IOException e) {
      gone = true;
      log.debug("client closed the response stream: {}", e.toString());
    }
  }

  /** Whether the client accepts an event stream (so server-to-client messages can precede the response). */
  boolean streamAllowed() {
    return streamAllowed;
  }

  /** True once the client closed the response stream. */
  boolean gone() {
    return gone;
  }

  /** Sends the response: alone as JSON, or as the last event of the stream already started. */
  synchronized void finish(ObjectNode response, int status) {
    if (sse == null) {
      Responses.json(ctx, status, response);
      return;
    }
    if (gone) {
      return; // cancelled by closing: send nothing more
    }
    try {
      sse.event("message", null, JsonText.write(response)).flush();
    } catch (IOException e) {
      log.debug("client closed the response stream before the response: {}", e.toString());
    }
  }
}
