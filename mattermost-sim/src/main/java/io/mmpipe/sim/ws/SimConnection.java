package io.mmpipe.sim.ws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical WebSocket connection (identified by its connection_id) that outlives its sockets: the per-connection
 * seq, the dead queue of the last 128 events for lossless resume, and the 256-slot send queue. Guarded by its own
 * monitor; the hub's writer thread for the current socket waits on it.
 */
final class SimConnection {

  static final int DEAD_QUEUE_SIZE = 128;
  static final int SEND_QUEUE_SIZE = 256;
  /** From this many queued events on, typing and status_change are dropped. */
  static final int PRESSURE_THRESHOLD = 128;

  /** Something to write: an event (gets a seq when written) or raw text (responses, garbage, replays). */
  sealed interface Out permits EventOut, RawOut {}

  record EventOut(WsEvent event) implements Out {}

  record RawOut(String text) implements Out {}

  /**
   * An event numbered for the wire: its frame text is built from the event and the seq alone, so it can be built
   * outside this connection's monitor (the writer does, while the load keeps offering) and again for a replay.
   */
  record Numbered(long seq, WsEvent event) {
    String frame() {
      return Frames.event(event.event(), event.dataJson(), event.broadcastJson(), seq);
    }
  }

  /** What the writer takes: a numbered event or raw text; {@link #text()} builds the frame (outside the monitor). */
  record Ready(Numbered numbered, String raw) {
    String text() {
      return raw != null ? raw : numbered.frame();
    }
  }

  final String id;
  final String userId;
  private long nextSeq;
  private boolean skipNext;
  private final ArrayDeque<Numbered> dead = new ArrayDeque<>();
  private final ArrayDeque<Out> queue = new ArrayDeque<>();
  private SocketHandle socket;
  private long inactiveSinceNanos;
  private String activeChannel = "";
  private volatile String token;

  SimConnection(String id, String userId) {
    this.id = id;
    this.userId = userId;
  }

  void authenticatedWith(String t) {
    this.token = t;
  }

  String token() {
    return token;
  }

  synchronized SocketHandle socket() {
    return socket;
  }

  synchronized boolean active() {
    return socket != null;
  }

  synchronized long inactiveSinceNanos() {
    return inactiveSinceNanos;
  }

  synchronized void attach(SocketHandle s) {
    this.socket = s;
    notifyAll();
  }

  /**
   * The socket is gone (dropped, timed out): pending events get their seq now and go to the dead queue, as if sent
   * and lost, so a resume replays them.
   */
  synchronized void detach(SocketHandle s, long nowNanos) {
    if (socket != s) {
      return;
    }
    socket = null;
    inactiveSinceNanos = nowNanos;
    for (Out o : queue) {
      if (o instanceof EventOut e) {
        number(e.event());
      }
    }
    queue.clear();
    notifyAll();
  }

  synchronized void setActiveChannel(String channelId) {
    activeChannel = channelId == null ? "" : channelId;
  }

  synchronized String activeChannel() {
    return activeChannel;
  }

  synchronized void skipNextSeq() {
    skipNext = true;
  }

  synchronized long nextSeq() {
    return nextSeq;
  }

  /** Outcome of offering an event. */
  enum Offer { QUEUED, DROPPED, OVERFLOW }

  synchronized Offer offer(Out out) {
    if (socket == null) {
      if (out instanceof EventOut e) {
        number(e.event()); // inactive: straight to the dead queue, replayable on resume
      }
      return Offer.QUEUED;
    }
    if (out instanceof EventOut e && queue.size() >= PRESSURE_THRESHOLD && e.event().droppableUnderPressure()) {
      return Offer.DROPPED;
    }
    if (queue.size() >= SEND_QUEUE_SIZE) {
      return Offer.OVERFLOW;
    }
    queue.add(out);
    if (queue.size() == 1) {
      // the writer waits only on an empty queue: waking it for every event would unpark it thousands of times a
      // second for nothing, while it is still writing the previous batch
      notifyAll();
    }
    return Offer.QUEUED;
  }

  /**
   * Waits for the next frame to write on {@code s}; null when {@code s} is no longer this connection's socket.
   * Events get their seq here (and enter the dead queue before the write, so a failed write is replayable).
   */
  synchronized Ready take(SocketHandle s, WriteGate gate) throws InterruptedException {
    while (true) {
      if (socket != s) {
        return null;
      }
      long waitMs = gate.millisUntilOpen();
      if (waitMs > 0) {
        wait(waitMs);
        continue;
      }
      Out o = queue.poll();
      if (o == null) {
        wait(250);
        continue;
      }
      return ready(o);
    }
  }

  /**
   * Frames ready right now (after {@link #take}), up to {@code max}, without waiting; lets the writer batch a burst
   * into one flush.
   */
  synchronized List<Ready> takeMore(SocketHandle s, int max) {
    List<Ready> out = new ArrayList<>();
    while (socket == s && out.size() < max && !queue.isEmpty()) {
      out.add(ready(queue.poll()));
    }
    return out;
  }

  private Ready ready(Out o) {
    return switch (o) {
      case EventOut e -> new Ready(number(e.event()), null);
      case RawOut r -> new Ready(null, r.text());
    };
  }

  synchronized int queued() {
    return queue.size();
  }

  /** Gives the event its seq and puts it in the dead queue; its frame is built later, by whoever needs it. */
  private Numbered number(WsEvent e) {
    if (skipNext && nextSeq > 0) {
      nextSeq++;
      skipNext = false;
    }
    Numbered n = new Numbered(nextSeq++, e);
    dead.add(n);
    if (dead.size() > DEAD_QUEUE_SIZE) {
      dead.poll();
    }
    return n;
  }


  /**
   * The frames to replay for a resume at {@code sequenceNumber}, or null when that is impossible (the gap is
   * larger than the dead queue, or the number is in the future): then the client gets a new connection.
   */
  synchronized List<String> replayFrom(long sequenceNumber) {
    if (sequenceNumber == nextSeq) {
      return List.of();
    }
    if (sequenceNumber > nextSeq || dead.isEmpty() || dead.peekFirst().seq() > sequenceNumber) {
      return null;
    }
    // As the real server (isInDeadQueue): the requested seq itself must be in the dead queue, else it is a loss
    // (a gap the server never sent cannot be replayed) and the client gets a new connection id.
    List<String> out = new ArrayList<>();
    boolean found = false;
    for (Numbered s : dead) {
      found |= s.seq() == sequenceNumber;
      if (s.seq() >= sequenceNumber) {
        out.add(s.frame());
      }
    }
    return found ? out : null;
  }

  /** Queues replayed frames ahead of everything else (called before the new socket's writer starts). */
  synchronized void queueReplay(List<String> frames) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      queue.addFirst(new RawOut(frames.get(i)));
    }
    notifyAll();
  }

  synchronized void wake() {
    notifyAll();
  }

  /** When writing may resume (stall and silence faults). */
  interface WriteGate {
    long millisUntilOpen();
  }
}
