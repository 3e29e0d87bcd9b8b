package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.UpgradeEnd;
import io.mmpipe.gateway.metrics.ClientCounts;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.metrics.GatewayStats;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletCoreRequest;
import org.eclipse.jetty.ee10.servlet.ServletCoreResponse;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws}: the update stream for programs, two-way. Host, Origin and the principal are checked on the upgrade
 * request like every HTTP request (a refused upgrade is an HTTP error, never a socket); then each text frame is one
 * command, rate-limited per connection and dispatched through {@link WsCommands}.
 *
 * <p>The connection is taken over from Javalin at the upgrade: Javalin's WebSocket layer, and Jetty's {@code Session}
 * API under it, keep the upgrade request (servlet request and response, headers, HTTP parser and connection, session)
 * for the life of every connection, about half of what an idle connection cost. This feature's before-upgrade handler
 * runs last, after every check, and upgrades the connection itself, on Jetty's core WebSocket API, to {@link WsFrames}
 * and an {@link Endpoint} that hold only the principal, the connection and what the upgrade took
 * ({@link UpgradeEnd}). Keep-alive pings are one task for all connections, not a timer each.
 */
public final class WsRoutes implements GatewayFeature {

  private static final Logger log = LoggerFactory.getLogger(WsRoutes.class);
  /** How long a shutdown waits for the going-away close frames to be written. */
  static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

  private final PrincipalResolver principals;
  private final GatewayMetrics metrics;
  private final WsSettings settings;
  private final WsCommands commands;
  private final Semaphore slots;
  private final Set<Endpoint> open = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor pings;
  private final AtomicBoolean pinging = new AtomicBoolean();

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
    // its one thread starts with the first connection
    this.pings = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("ws-pings").factory());
    this.pings.setRemoveOnCancelPolicy(true);
  }

  /** The command table, for features that add commands (operations). */
  public WsCommands commands() {
    return commands;
  }

  @Override
  public void routes(RoutesConfig routes) {
    // registered last of the features' before-upgrade handlers: host, origin, authentication and limits ran first
    routes.wsBeforeUpgrade("/ws", this::upgrade);
    // without a WebSocket route Javalin answers 404 before any before-upgrade handler; upgrade() takes every
    // connection, so these handlers never run
    routes.ws("/ws", ws -> { });
  }

  /**
   * Upgrades to an {@link Endpoint}; the principal is decided here, where a refusal is still an HTTP answer (401).
   * Whatever the earlier handlers took is given back when the connection ends, or now if the upgrade fails.
   */
  private void upgrade(Context ctx) throws IOException {
    List<Runnable> releases = UpgradeEnd.take(ctx);
    Endpoint endpoint = new Endpoint(releases);
    try {
      endpoint.principal = principals.resolve(ctx);
      if (!upgradeTo(new WsFrames(endpoint, settings.maxFrameBytes()), ctx.req(), ctx.res())) {
        throw new ApiException(400, "invalid_upgrade", "not a WebSocket upgrade request");
      }
    } catch (IOException | RuntimeException e) {
      endpoint.release();
      throw e;
    }
    ctx.skipRemainingHandlers(); // Javalin's own upgrade, which would follow, must not run
  }

  /** Jetty's core upgrade to {@code frames}; waits until the 101 answer is written. False: not an upgrade. */
  private static boolean upgradeTo(WsFrames frames, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    Request request = ServletCoreRequest.wrap(req);
    Response response = ServletCoreResponse.wrap(request, res, false);
    WebSocketMappings mappings = WebSocketMappings.ensureMappings(
        ServletContextHandler.getServletContextHandler(req.getServletContext()));
    WebSocketNegotiator negotiator = WebSocketNegotiator.from((upgradeRequest, upgradeResponse, callback) -> frames,
        (websocket, upgradeRequest, upgradeResponse) -> (FrameHandler) websocket);
    try (Blocker.Callback written = Blocker.callback()) {
      boolean upgraded;
      try {
        upgraded = mappings.upgrade(negotiator, request, response, written,
            new Configuration.ConfigurationCustomizer());
      } catch (RuntimeException e) {
        written.failed(e);
        if (e instanceof HttpException h) { // a malformed upgrade (no key, another version): a 400, not a 500
          throw new ApiException(h.getCode(), "invalid_upgrade", h.getReason());
        }
        throw e;
      }
      if (upgraded) {
        written.block();
      }
      return upgraded;
    }
  }

  private void opened(Endpoint e, CoreSession session) throws InterruptedException {
    // our send timeout decides when a stalled client is dropped, not Jetty's shorter idle timeout
    session.setIdleTimeout(settings.sendTimeout().multipliedBy(2));
    WsConnection conn = new WsConnection(UUID.randomUUID().toString(), session, e.principal, settings);
    e.conn = conn;
    if (!slots.tryAcquire()) {
      metrics.rejected();
      conn.send(WsMessages.error(null, "too_many_connections", "this instance serves its maximum of "
          + settings.maxConnections() + " WebSocket connections; retry later"));
      conn.closeWith(WsConnection.TRY_AGAIN_LATER, "too many connections");
      return;
    }
    e.lease = metrics.clients().open(ClientCounts.Transport.WEBSOCKET);
    open.add(e);
    if (pinging.compareAndSet(false, true)) {
      long every = settings.pingInterval().toMillis();
      pings.scheduleAtFixedRate(this::pingAll, every, every, TimeUnit.MILLISECONDS);
    }
    conn.send(WsMessages.connected(conn.clientId(), System.currentTimeMillis()));
  }

  /** A ping to every connection: it keeps idle connections (and the proxies on their way) from timing out. */
  private void pingAll() {
    for (Endpoint e : open) {
      try {
        e.conn.ping();
      } catch (RuntimeException ex) {
        log.debug("ping of WebSocket client {} failed: {}", e.conn.clientId(), ex.toString());
      }
    }
  }

  private void onMessage(Endpoint e, String text) throws InterruptedException {
    WsConnection conn = e.conn;
    if (conn == null || !open.contains(e)) {
      return; // refused at connect, closing
    }
    // every frame spends from the budget, a malformed one too: a flood of garbage is a flood
    CommandLimiter.Verdict verdict = conn.limiter().take();
    JsonNode id = null;
    try {
      Command cmd = Command.parse(text);
      id = cmd.id();
      if (verdict != CommandLimiter.Verdict.ALLOW) {
        throw rateLimited(verdict);
      }
      commands.dispatch(conn, cmd);
    } catch (CommandException ex) {
      CommandException answer = verdict == CommandLimiter.Verdict.ALLOW ? ex : rateLimited(verdict);
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

  private void end(Endpoint e) {
    if (open.remove(e)) {
      e.conn.close();
      e.lease.close();
      slots.release();
    }
    e.release();
  }

  /**
   * Tells every client the instance is going away (1001), so it reconnects elsewhere with its tokens, and waits (at
   * most {@link #DRAIN_WAIT}) until those close frames are written: the HTTP server stops right after, and a frame
   * still queued then never leaves, so the client saw an abnormal close (1006) instead (WsIT, once in three CI runs).
   */
  @Override
  public void drain() {
    List<Endpoint> all = List.copyOf(open);
    CountDownLatch written = new CountDownLatch(all.size());
    all.forEach(e -> e.conn.closeWith(WsConnection.GOING_AWAY, "gateway shutting down", written::countDown));
    try {
      if (!written.await(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info("{} of {} WebSocket close frames not written within {}", written.getCount(), all.size(),
            DRAIN_WAIT);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pings.shutdownNow();
    open.forEach(e -> e.conn.close());
  }

  /** One connection: its principal, what its upgrade took, and, once open, the connection. */
  private final class Endpoint implements WsFrames.Listener {

    private final List<Runnable> releases;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Principal principal;
    private volatile WsConnection conn; // from open on
    private volatile ClientCounts.Lease lease; // while counted among the open connections

    private Endpoint(List<Runnable> releases) {
      this.releases = releases;
    }

    /** Gives back what the upgrade took; once. */
    private void release() {
      if (released.compareAndSet(false, true)) {
        releases.forEach(Runnable::run);
      }
    }

    @Override
    public void opened(CoreSession session) throws InterruptedException {
      WsRoutes.this.opened(this, session);
    }

    @Override
    public void text(String message) throws InterruptedException {
      onMessage(this, message);
    }

    @Override
    public void binary() throws InterruptedException {
      WsConnection c = conn;
      if (c != null && open.contains(this)) {
        c.send(WsMessages.error(null, "invalid_json", "commands are JSON text frames, not binary"));
      }
    }

    @Override
    public void ended() {
      end(this);
    }
  }
}
