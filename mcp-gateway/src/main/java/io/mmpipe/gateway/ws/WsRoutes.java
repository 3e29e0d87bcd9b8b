package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.metrics.ClientCounts;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.metrics.GatewayStats;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws}: the update stream for programs, two-way. Host, Origin and the principal are checked on the upgrade
 * request like every HTTP request (a refused upgrade is an HTTP error, never a socket); then each text frame is one
 * command, rate-limited per connection and dispatched through {@link WsCommands}.
 */
public final class WsRoutes implements GatewayFeature {

  private static final Logger log = LoggerFactory.getLogger(WsRoutes.class);
  /** How long a shutdown waits for the going-away close frames to be written. */
  static final java.time.Duration DRAIN_WAIT = java.time.Duration.ofSeconds(2);
  private static final String PRINCIPAL = "mmpipe.ws.principal";

  private final PrincipalResolver principals;
  private final GatewayMetrics metrics;
  private final WsSettings settings;
  private final WsCommands commands;
  private final Semaphore slots;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  /** A live connection and its place in the client count. */
  private record Open(WsConnection conn, ClientCounts.Lease lease) {}

  /** Only the updates (a test without other streams). */
  public WsRoutes(UpdateStreams streams, PrincipalResolver principals, GatewayMetrics metrics, GatewayStats stats,
                  WsSettings settings) {
    this(new StreamDirectory(streams), principals, metrics, stats, settings);
  }

  /** Serves a resource with a stream of its own ({@code stream://broadcasts}) from that stream, as SSE does. */
  public WsRoutes(StreamDirectory directory, PrincipalResolver principals, GatewayMetrics metrics,
                  GatewayStats stats, WsSettings settings) {
    this.principals = principals;
    this.metrics = metrics;
    this.settings = settings;
    this.commands = new WsCommands(new SubscribeCommand(directory, metrics, Clock.systemUTC()), stats);
    this.slots = new Semaphore(settings.maxConnections());
  }

  /** The command table, for features that add commands (operations). */
  public WsCommands commands() {
    return commands;
  }

  @Override
  public void routes(RoutesConfig routes) {
    // the principal is decided on the upgrade request, where a refusal is still an HTTP answer (401)
    routes.wsBeforeUpgrade("/ws", ctx -> ctx.attribute(PRINCIPAL, principals.resolve(ctx)));
    routes.ws("/ws", this::configure);
  }

  private void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      ctx.session.setMaxTextMessageSize(settings.maxFrameBytes()); // a larger frame: Jetty closes with 1009
      ctx.session.setMaxBinaryMessageSize(settings.maxFrameBytes());
      // our send timeout decides when a stalled client is dropped, not Jetty's shorter idle timeout
      ctx.session.setIdleTimeout(settings.sendTimeout().multipliedBy(2));
      WsConnection conn = new WsConnection(UUID.randomUUID().toString(), ctx.session, ctx.attribute(PRINCIPAL),
          settings);
      if (!slots.tryAcquire()) {
        metrics.rejected();
        conn.send(WsMessages.error(null, "too_many_connections", "this instance serves its maximum of "
            + settings.maxConnections() + " WebSocket connections; retry later"));
        conn.closeWith(WsConnection.TRY_AGAIN_LATER, "too many connections");
        return;
      }
      open.put(ctx.sessionId(), new Open(conn, metrics.clients().open(ClientCounts.Transport.WEBSOCKET)));
      ctx.enableAutomaticPings(settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
      conn.send(WsMessages.connected(conn.clientId(), System.currentTimeMillis()));
    });
    ws.onMessage(this::onMessage);
    ws.onBinaryMessage(ctx -> {
      Open o = open.get(ctx.sessionId());
      if (o != null) {
        o.conn().send(WsMessages.error(null, "invalid_json", "commands are JSON text frames, not binary"));
      }
    });
    ws.onClose(ctx -> end(ctx));
    ws.onError(ctx -> {
      log.debug("WebSocket error: {}", ctx.error() == null ? "unknown" : ctx.error().toString());
      end(ctx);
    });
  }

  private void onMessage(WsMessageContext ctx) throws InterruptedException {
    Open o = open.get(ctx.sessionId());
    if (o == null) {
      return; // refused at connect, closing
    }
    WsConnection conn = o.conn();
    // every frame spends from the budget, a malformed one too: a flood of garbage is a flood
    CommandLimiter.Verdict verdict = conn.limiter().take();
    JsonNode id = null;
    try {
      Command cmd = Command.parse(ctx.message());
      id = cmd.id();
      if (verdict != CommandLimiter.Verdict.ALLOW) {
        throw rateLimited(verdict);
      }
      commands.dispatch(conn, cmd);
    } catch (CommandException e) {
      CommandException answer = verdict == CommandLimiter.Verdict.ALLOW ? e : rateLimited(verdict);
      conn.send(WsMessages.error(id, answer.errorType(), answer.getMessage()));
      if (verdict == CommandLimiter.Verdict.CLOSE) {
        conn.closeWith(WsConnection.POLICY, "command flood");
      }
    }
  }

  private CommandException rateLimited(CommandLimiter.Verdict verdict) {
    return new CommandException("rate_limited", verdict == CommandLimiter.Verdict.CLOSE
        ? "command flood: closing the connection"
        : "too many commands: at most " + settings.burst() + " at once and " + settings.perSecond() + " a second");
  }

  private void end(WsContext ctx) {
    Open o = open.remove(ctx.sessionId());
    if (o != null) {
      o.conn().close();
      o.lease().close();
      slots.release();
    }
  }

  /**
   * Tells every client the instance is going away (1001), so it reconnects elsewhere with its tokens, and waits (at
   * most {@link #DRAIN_WAIT}) until those close frames are written: the HTTP server stops right after, and a frame
   * still queued then never leaves, so the client saw an abnormal close (1006) instead (WsIT, once in three CI runs).
   */
  @Override
  public void drain() {
    java.util.List<Open> all = java.util.List.copyOf(open.values());
    java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(all.size());
    all.forEach(o -> o.conn().closeWith(WsConnection.GOING_AWAY, "gateway shutting down", written::countDown));
    try {
      if (!written.await(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info("{} of {} WebSocket close frames not written within {}", written.getCount(), all.size(),
            DRAIN_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    open.values().forEach(o -> o.conn().close());
  }
}
