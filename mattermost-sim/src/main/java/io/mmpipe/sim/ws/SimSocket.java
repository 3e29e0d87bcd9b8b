package io.mmpipe.sim.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical socket on {@code /api/v4/websocket}: authentication (header or cookie at upgrade, or the
 * authentication_challenge action), client actions and keepalive frames. Ping/pong is handled here rather than by
 * Jetty so the pong deadline and the silence fault behave like the real server. Public only because Jetty 12 binds
 * the listener methods through a public lookup; the constructor stays package-private.
 */
public final class SimSocket implements Session.Listener.AutoDemanding, SocketHandle {

  private static final Logger log = LoggerFactory.getLogger(SimSocket.class);
  static final int MAX_CLIENT_FRAME = 8 * 1024;

  private enum State { AWAITING_CHALLENGE, REJECTED, AUTHENTICATED }

  private final Hub hub;
  private final String headerToken; // null: none presented at upgrade
  private final String connectionId;
  private final Long sequenceNumber;
  private volatile Session session;
  private volatile State state;
  private volatile String userId;
  private volatile String token; // the credential it authenticated with
  private volatile long lastPongNanos = System.nanoTime();

  SimSocket(Hub hub, String headerToken, String connectionId, Long sequenceNumber) {
    this.hub = hub;
    this.headerToken = headerToken;
    this.connectionId = connectionId;
    this.sequenceNumber = sequenceNumber;
  }

  @Override
  public void onWebSocketOpen(Session s) {
    this.session = s;
    s.setMaxTextMessageSize(MAX_CLIENT_FRAME);
    s.setMaxBinaryMessageSize(MAX_CLIENT_FRAME);
    // generous: the pong deadline, not Jetty's idle timer, decides when a quiet socket is dead
    long idle = Math.max(hub.settings().pongTimeout().toMillis(), hub.settings().pingInterval().toMillis()) * 3;
    s.setIdleTimeout(java.time.Duration.ofMillis(idle));
    if (headerToken == null) {
      state = State.AWAITING_CHALLENGE;
      return;
    }
    String uid = hub.backend().userIdForToken(headerToken).orElse(null);
    if (uid == null) {
      // the real server upgrades, says nothing and closes a few seconds later
      state = State.REJECTED;
      long delay = hub.settings().invalidTokenCloseDelay().toMillis();
      Thread.ofVirtual().start(() -> {
        sleep(delay);
        close(1000, "");
      });
      return;
    }
    authenticate(uid, headerToken);
  }

  private void authenticate(String uid, String credential) {
    this.userId = uid;
    this.token = credential;
    this.state = State.AUTHENTICATED;
    hub.attach(this, uid, credential, connectionId, sequenceNumber);
  }

  @Override
  public void onWebSocketText(String message) {
    if (state == State.REJECTED || hub.silenced()) {
      return;
    }
    JsonNode req;
    try {
      req = Shapes.JSON.readTree(message);
    } catch (IOException e) {
      log.debug("ignoring a client frame that is not JSON");
      return;
    }
    if (req == null || !req.isObject()) {
      return;
    }
    long seq = req.path("seq").asLong(0);
    String action = req.path("action").asText("");
    if (action.isEmpty()) {
      respond(Frames.fail(seq, "api.web_socket_router.no_action.app_error", "No websocket action.", 400));
      return;
    }
    if (seq <= 0) {
      respond(Frames.fail(seq, "api.web_socket_router.bad_seq.app_error", "Invalid sequence for WebSocket message.",
          400));
      return;
    }
    if (action.equals("authentication_challenge")) {
      challenge(seq, req.path("data").path("token").asText(""));
      return;
    }
    // a revoked credential leaves the socket open but unauthenticated (WebConn.IsBasicAuthenticated)
    if (state != State.AUTHENTICATED || !hub.stillAuthenticated(userId, token)) {
      respond(Frames.fail(seq, "api.web_socket_router.not_authenticated.app_error",
          "No websocket connection has been authenticated.", 401));
      return;
    }
    handleAction(seq, action, req.path("data"));
  }

  /** Success: hello first, then the OK reply (the docs say the reverse; the code does this). Failure: close. */
  private void challenge(long seq, String token) {
    if (state == State.AUTHENTICATED) {
      return; // already authenticated: the server ignores it without a reply
    }
    String uid = token.isEmpty() ? null : hub.backend().userIdForToken(token).orElse(null);
    if (uid == null) {
      close(1000, "");
      return;
    }
    authenticate(uid, token);
    hub.reply(this, Frames.ok(seq, null));
  }

  private void handleAction(long seq, String action, JsonNode data) {
    switch (action) {
      case "ping" -> {
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("node_id", "");
        pong.put("server_time", hub.backend().now());
        pong.put("text", "pong");
        pong.put("version", hub.backend().serverVersion());
        hub.reply(this, Frames.ok(seq, pong));
      }
      case "user_typing" -> {
        try {
          hub.backend().typing(userId, data.path("channel_id").asText(""), data.path("parent_id").asText(""));
          hub.reply(this, Frames.ok(seq, null));
        } catch (ApiException e) {
          hub.reply(this, Frames.fail(seq, e.errorId(), e.getMessage(), e.status()));
        } catch (RuntimeException e) {
          hub.reply(this, Frames.fail(seq, "api.websocket_handler.invalid_param.app_error", e.getMessage(), 400));
        }
      }
      case "get_statuses" -> hub.reply(this, Frames.ok(seq, new LinkedHashMap<>(hub.backend().statuses(null))));
      case "get_statuses_by_ids" -> {
        List<String> ids = new ArrayList<>();
        data.path("user_ids").forEach(n -> ids.add(n.asText()));
        hub.reply(this, Frames.ok(seq, new LinkedHashMap<>(hub.backend().statuses(ids))));
      }
      case "user_update_active_status" -> hub.reply(this, Frames.ok(seq, null));
      case "presence" -> {
        hub.setActiveChannel(this, data.path("channel_id").asText(""));
        hub.reply(this, Frames.ok(seq, null));
      }
      default -> hub.reply(this, Frames.fail(seq, "api.web_socket_router.bad_action.app_error",
          "Unknown websocket action.", 500));
    }
  }

  /** Replies before authentication bypass the hub (there is no connection yet). */
  private void respond(String text) {
    if (state == State.AUTHENTICATED) {
      hub.reply(this, text);
    } else {
      Session s = session;
      if (s != null && s.isOpen()) {
        s.sendText(text, Callback.NOOP);
      }
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    // Mattermost reads text frames only; binary ones are ignored
    callback.succeed();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    hub.socketGone(this);
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    log.debug("socket error: {}", cause.toString());
    hub.socketGone(this);
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    if (hub.silenced()) {
      return; // a dead server answers nothing
    }
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendPong(payload, Callback.from(() -> { }, e -> log.debug("pong failed: {}", e.toString())));
    }
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    lastPongNanos = System.nanoTime();
  }

  // ---- SocketHandle

  /**
   * Queues every frame at once and waits until all are written: Jetty's flusher gathers the frames queued behind a
   * write in progress into one write, so a burst leaves in as few TCP writes as possible.
   */
  @Override
  public boolean sendText(List<String> frames) {
    Session s = session;
    if (s == null || !s.isOpen()) {
      return false;
    }
    List<Callback.Completable> writes = new ArrayList<>(frames.size());
    for (String f : frames) {
      Callback.Completable written = new Callback.Completable();
      s.sendText(f, written);
      writes.add(written);
    }
    try {
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void sendPing() {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendPing(ByteBuffer.allocate(0), Callback.from(() -> { }, e -> log.debug("ping failed: {}", e.toString())));
    }
  }

  @Override
  public void disconnect() {
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
  }

  @Override
  public void close(int code, String reason) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(code, reason, Callback.NOOP);
    }
  }

  @Override
  public long lastPongNanos() {
    return lastPongNanos;
  }

  @Override
  public void touchPong() {
    lastPongNanos = System.nanoTime();
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
