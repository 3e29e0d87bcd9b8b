package io.mmpipe.gateway.mcp;

import io.javalin.http.Context;
import io.mmpipe.gateway.mcp.session.SessionRecord;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.sse.SseWriter;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /mcp} and {@code DELETE /mcp} of the legacy era. The GET stream carries
 * {@code notifications/resources/updated} for the session's subscriptions, wherever they were made: changes made
 * on this instance apply at once, changes made on another arrive on the {@code InstanceBus} with the position they
 * were acknowledged at (so nothing after the acknowledgement is missed), and the stream re-reads them from the
 * session store every {@code refresh} in case a bus note was lost. It also carries
 * {@code notifications/resources/list_changed} when a channel joins the resource list. It starts
 * with a priming event (an id and empty data) and {@code retry:}; every id is a resume token, so a GET with
 * {@code Last-Event-ID}, on any instance, continues exactly after it. Modern requests get 405.
 */
final class SessionStreamHandler {

  private static final Logger log = LoggerFactory.getLogger(SessionStreamHandler.class);
  private final McpHandler posts;
  private final SessionStore sessions;
  private final UpdateStreams updates;
  private final OpenStreams streams;
  private final NotificationPump pump;
  private final Duration retry;

  SessionStreamHandler(McpHandler posts, SessionStore sessions, UpdateStreams updates, OpenStreams streams,
                       NotificationPump pump, Duration retry) {
    this.posts = posts;
    this.sessions = sessions;
    this.updates = updates;
    this.streams = streams;
    this.pump = pump;
    this.retry = retry;
  }

  void get(Context ctx) {
    try {
      legacyOnly(ctx, "GET");
      if (!Responses.acceptsEventStream(ctx)) {
        throw new McpError(JsonRpc.INVALID_REQUEST, "GET /mcp needs Accept: text/event-stream", null, 406);
      }
      SessionRecord session = posts.session(ctx);
      UpdateStreams.StartAt start = startAt(ctx);
      if (!updates.ready()) {
        throw new McpError(JsonRpc.INTERNAL_ERROR, "the update stream is starting; retry", null, 503);
      }
      stream(ctx, session, start);
    } catch (McpError e) {
      Responses.error(ctx, null, e);
    } catch (SessionStore.Unavailable e) {
      Responses.error(ctx, null, McpHandler.storeDown());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static UpdateStreams.StartAt startAt(Context ctx) {
    String last = ctx.header("Last-Event-ID");
    return last == null || last.isBlank() ? new UpdateStreams.Live() : new UpdateStreams.FromToken(last.trim());
  }

  private void stream(Context ctx, SessionRecord session, UpdateStreams.StartAt start) throws InterruptedException {
    Subscription sub;
    Principal principal = posts.principal(ctx);
    try {
      sub = updates.open(start, SubscriptionFilter.ALL, principal::canSee);
    } catch (ResumeToken.InvalidTokenException e) {
      throw new McpError(JsonRpc.INVALID_REQUEST, "Last-Event-ID is not an event id of this server: "
          + e.getMessage(), null, 400);
    }
    try (sub; OpenStreams.Handle handle = streams.open(session.id())) {
      SseWriter w = Responses.sse(ctx);
      w.retry(retry.toMillis());
      w.event(null, sub.token(), ""); // priming: a client that saw nothing yet can still resume from here
      w.flush();
      pump.run(sub, principal, w, handle, () -> subscriptions(session.id()), SessionStreamHandler::updated,
          JsonRpc.notification(ServerInfo.LIST_CHANGED, JsonRpc.JSON.createObjectNode()), true);
    } catch (IOException e) {
      log.debug("GET stream of a session closed by the client: {}", e.toString());
    }
  }

  /**
   * The session's subscriptions, read with the record (which keeps an open stream's session alive); a session ended
   * elsewhere ends its stream here; null (keep the previous set) while the store is unreachable.
   */
  private Set<String> subscriptions(String sessionId) {
    try {
      Optional<SessionRecord> s = sessions.find(sessionId);
      if (s.isEmpty()) {
        streams.endSession(sessionId);
        return Set.of();
      }
      return s.get().subscriptions();
    } catch (SessionStore.Unavailable e) {
      return null;
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode updated(String uri) {
    return JsonRpc.notification("notifications/resources/updated", JsonRpc.JSON.createObjectNode().put("uri", uri));
  }

  void delete(Context ctx) {
    try {
      legacyOnly(ctx, "DELETE");
      SessionRecord session = posts.session(ctx);
      sessions.delete(session.id());
      streams.endSession(session.id());
      ctx.status(200);
    } catch (McpError e) {
      Responses.error(ctx, null, e);
    } catch (SessionStore.Unavailable e) {
      Responses.error(ctx, null, McpHandler.storeDown());
    }
  }

  /** GET and DELETE do not exist in 2026-07-28. */
  private static void legacyOnly(Context ctx, String method) {
    if (Versions.MODERN.equals(ctx.header("MCP-Protocol-Version"))) {
      ctx.header("Allow", "POST");
      throw new McpError(JsonRpc.INVALID_REQUEST, method + " /mcp is not part of protocol " + Versions.MODERN,
          null, 405);
    }
    String v = ctx.header("MCP-Protocol-Version");
    if (v != null && !Versions.isLegacy(v)) {
      throw ModernRules.unsupported(v);
    }
  }
}
