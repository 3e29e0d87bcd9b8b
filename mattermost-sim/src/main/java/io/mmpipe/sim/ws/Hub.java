package io.mmpipe.sim.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes world events to connections, owns the connection registry (resume and forgetting), one writer thread per
 * socket, keepalive pings and the WebSocket faults.
 */
public final class Hub implements EventSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  private final Backend backend;
  private final HubSettings settings;
  private final Map<String, SimConnection> connections = new ConcurrentHashMap<>();
  private final Map<SocketHandle, SimConnection> bySocket = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-ws-timer");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long stallUntilNanos;
  private volatile boolean silenced;
  private volatile long lastPingNanos = System.nanoTime();

  public Hub(Backend backend, HubSettings settings) {
    this.backend = backend;
    this.settings = settings;
    long tick = Math.max(20, Math.min(1000, settings.pingInterval().toMillis() / 4));
    timer.scheduleWithFixedDelay(this::keepalive, tick, tick, TimeUnit.MILLISECONDS);
  }

  public HubSettings settings() {
    return settings;
  }

  public Backend backend() {
    return backend;
  }

  // ---- sockets

  /**
   * An authenticated socket: resumes {@code connectionId} when it is known, belongs to the user and the requested
   * seq is replayable (no hello, original seqs); otherwise a new connection and a hello with seq 0. {@code token} is
   * the credential the socket authenticated with: once it is revoked the connection hears no more events.
   */
  public String attach(SocketHandle socket, String userId, String token, String connectionId, Long sequenceNumber) {
    SimConnection conn = connectionId == null ? null : connections.get(connectionId);
    if (conn != null && conn.userId.equals(userId) && sequenceNumber != null) {
      SocketHandle old = conn.socket();
      if (old != null) {
        conn.detach(old, System.nanoTime());
        bySocket.remove(old);
        old.disconnect();
      }
      List<String> replay = conn.replayFrom(sequenceNumber);
      if (replay != null) {
        conn.authenticatedWith(token);
        conn.attach(socket);
        conn.queueReplay(replay);
        bySocket.put(socket, conn);
        startWriter(conn, socket);
        log.debug("resumed connection {} at seq {} replaying {}", conn.id, sequenceNumber, replay.size());
        return conn.id;
      }
      connections.remove(conn.id); // the gap is too large: this connection is lost
    }
    SimConnection fresh = new SimConnection(backend.newId(), userId);
    fresh.authenticatedWith(token);
    fresh.attach(socket);
    fresh.offer(new SimConnection.EventOut(
        Frames.hello(fresh.id, userId, settings.hostname(), backend.serverVersion())));
    connections.put(fresh.id, fresh);
    bySocket.put(socket, fresh);
    startWriter(fresh, socket);
    return fresh.id;
  }

  /** The socket closed or failed: its connection becomes inactive and stays resumable. */
  public void socketGone(SocketHandle socket) {
    SimConnection conn = bySocket.remove(socket);
    if (conn != null) {
      conn.detach(socket, System.nanoTime());
    }
  }

  /** A response (status/seq_reply) or other raw text for this socket, in order with its events. */
  public void reply(SocketHandle socket, String text) {
    if (silenced) {
      return;
    }
    SimConnection conn = bySocket.get(socket);
    if (conn != null) {
      conn.offer(new SimConnection.RawOut(text));
    }
  }

  public void setActiveChannel(SocketHandle socket, String channelId) {
    SimConnection conn = bySocket.get(socket);
    if (conn != null) {
      conn.setActiveChannel(channelId);
    }
  }

  public boolean silenced() {
    return silenced;
  }

  private void startWriter(SimConnection conn, SocketHandle socket) {
    Thread.ofVirtual().name("sim-ws-writer-" + conn.id).start(() -> {
      try {
        while (true) {
          SimConnection.Ready first = conn.take(socket, this::millisUntilWritable);
          if (first == null) {
            return;
          }
          List<SimConnection.Ready> taken = new ArrayList<>();
          taken.add(first);
          taken.addAll(conn.takeMore(socket, 63));
          // built here, not under the connection's monitor, which the load's offers need meanwhile
          List<String> batch = new ArrayList<>(taken.size());
          for (SimConnection.Ready r : taken) {
            batch.add(r.text());
          }
          if (!socket.sendText(batch)) {
            socketGone(socket);
            return;
          }
          eventsSent.addAndGet(batch.stream().filter(f -> f.startsWith("{\"event\"")).count());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private long millisUntilWritable() {
    if (silenced) {
      return 100;
    }
    long left = stallUntilNanos - System.nanoTime();
    return left > 0 ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)) : 0;
  }

  // ---- routing

  @Override
  public void publish(WsEvent event) {
    Broadcast b = event.broadcast();
    for (SimConnection conn : connections.values()) {
      if (shouldSend(conn, event, b)) {
        SimConnection.Offer result = conn.offer(new SimConnection.EventOut(event));
        if (result == SimConnection.Offer.OVERFLOW) {
          overflow(conn);
        }
      }
    }
  }

  @Override
  public boolean reaches(String userId) {
    for (SimConnection conn : connections.values()) {
      if (conn.userId.equals(userId)) {
        return true;
      }
    }
    return false;
  }

  private boolean shouldSend(SimConnection conn, WsEvent event, Broadcast b) {
    if (!stillAuthenticated(conn.userId, conn.token())) {
      return false; // WebConn.ShouldSendEvent: a revoked session's connection gets nothing, not even a close
    }
    if (b.omitUsers() != null && b.omitUsers().contains(conn.userId)) {
      return false;
    }
    if (b.copy() != Broadcast.Copy.ALL && (b.copy() == Broadcast.Copy.SENSITIVE) != backend.isAdmin(conn.userId)) {
      return false;
    }
    if (!b.userId().isEmpty()) {
      return b.userId().equals(conn.userId);
    }
    if (!b.channelId().isEmpty()) {
      if (!backend.isChannelMember(b.channelId(), conn.userId)) {
        return false;
      }
      String active = conn.activeChannel();
      // the presence action: a connection viewing a channel stops getting typing/reactions of other channels
      return active.isEmpty() || !event.filteredByPresence() || active.equals(b.channelId());
    }
    if (!b.teamId().isEmpty()) {
      return backend.isTeamMember(b.teamId(), conn.userId);
    }
    return true;
  }

  /** Whether the credential a connection authenticated with still names its user (it was not revoked). */
  boolean stillAuthenticated(String userId, String token) {
    return token != null && backend.userIdForToken(token).map(userId::equals).orElse(false);
  }

  /** A reader so slow that 256 events queued up: the server closes the socket and forgets the connection. */
  private void overflow(SimConnection conn) {
    connections.remove(conn.id);
    SocketHandle s = conn.socket();
    log.info("connection {} overflowed its send queue; closing it (not resumable)", conn.id);
    if (s != null) {
      bySocket.remove(s);
      conn.detach(s, System.nanoTime());
      Thread.ofVirtual().start(() -> s.close(1011, "send queue full"));
    }
  }

  // ---- keepalive and reaping

  private void keepalive() {
    try {
      long now = System.nanoTime();
      boolean pingDue = now - lastPingNanos >= settings.pingInterval().toNanos();
      if (pingDue) {
        lastPingNanos = now;
      }
      long deadline = settings.pongTimeout().toNanos();
      // a silenced server neither pings nor judges: the socket just looks dead from the client's side
      for (Map.Entry<SocketHandle, SimConnection> e : bySocket.entrySet()) {
        SocketHandle s = e.getKey();
        if (silenced) {
          continue;
        }
        if (now - s.lastPongNanos() > deadline) {
          log.debug("connection {} missed its pong deadline", e.getValue().id);
          socketGone(s);
          s.disconnect();
        } else if (pingDue) {
          s.sendPing();
        }
      }
      long reap = settings.inactiveTimeout().toNanos();
      connections.values().removeIf(c -> !c.active() && now - c.inactiveSinceNanos() > reap);
    } catch (RuntimeException e) {
      log.warn("keepalive tick failed", e);
    }
  }

  // ---- faults

  public void dropAll() {
    for (SocketHandle s : List.copyOf(bySocket.keySet())) {
      socketGone(s);
      s.disconnect();
    }
  }

  public int forgetInactive() {
    int before = connections.size();
    connections.values().removeIf(c -> !c.active());
    return before - connections.size();
  }

  public void stall(Duration d) {
    stallUntilNanos = System.nanoTime() + d.toNanos();
  }

  public void sendGarbage(String raw) {
    for (SimConnection c : bySocket.values()) {
      c.offer(new SimConnection.RawOut(raw));
    }
  }

  public void skipSequence() {
    connections.values().forEach(SimConnection::skipNextSeq);
  }

  public void silence(boolean on) {
    silenced = on;
    if (!on) {
      bySocket.keySet().forEach(SocketHandle::touchPong);
      connections.values().forEach(SimConnection::wake);
    }
  }

  public int openConnections() {
    return bySocket.size();
  }

  public long eventsSent() {
    return eventsSent.get();
  }

  /** Known connections, active or resumable. */
  public int knownConnections() {
    return connections.size();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      timer.shutdownNow();
      for (SocketHandle s : List.copyOf(bySocket.keySet())) {
        socketGone(s);
        s.close(1001, "server shutting down");
      }
      connections.clear();
    }
  }
}
