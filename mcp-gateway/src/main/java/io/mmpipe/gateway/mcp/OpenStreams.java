package io.mmpipe.gateway.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The GET and {@code subscriptions/listen} streams this instance holds: at most {@code max} at once (503 beyond),
 * one GET stream per session (a new one replaces the old, so a message never goes to two streams), subscription
 * changes made here pushed to the session's stream at once, and a drain on shutdown.
 */
final class OpenStreams {

  private final int max;
  private final Semaphore slots;
  private final Map<String, Handle> bySession = new ConcurrentHashMap<>();
  private final Set<Handle> open = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;

  OpenStreams(int max) {
    this.max = max;
    this.slots = new Semaphore(max);
  }

  /** One open stream. */
  final class Handle implements AutoCloseable {
    private final String sessionId;
    private volatile boolean replaced;
    private volatile Pushed pushed;

    private Handle(String sessionId) {
      this.sessionId = sessionId;
    }

    /** True when the stream must end: replaced by a newer one of its session, or the gateway is shutting down. */
    boolean stopRequested() {
      return replaced || draining;
    }

    boolean draining() {
      return draining;
    }

    /** Subscriptions pushed by a change (made here or announced by another instance) since the last call, or null. */
    synchronized Pushed takePushed() {
      Pushed p = pushed;
      pushed = null;
      return p;
    }

    private synchronized void push(Set<String> uris, String since) {
      Pushed old = pushed;
      // two changes before the stream looked: the older position covers both
      pushed = new Pushed(Set.copyOf(uris), old != null && old.since() != null ? old.since() : since);
    }

    @Override
    public void close() {
      if (open.remove(this)) {
        if (sessionId != null) {
          bySession.remove(sessionId, this);
        }
        slots.release();
      }
    }
  }

  /**
   * @param sessionId the legacy session of a GET stream, or null for a listen stream
   * @throws McpError 503 when this instance holds its maximum of streams, or is shutting down
   */
  Handle open(String sessionId) throws InterruptedException {
    if (draining || !acquire(sessionId)) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "this instance serves its maximum of " + max + " streams; retry",
          null, 503);
    }
    Handle h = new Handle(sessionId);
    open.add(h);
    if (sessionId != null) {
      Handle old = bySession.put(sessionId, h);
      if (old != null) {
        old.replaced = true;
      }
    }
    return h;
  }

  /** A slot; a session replacing its own stream may wait for the old one to hand its slot back. */
  private boolean acquire(String sessionId) throws InterruptedException {
    if (slots.tryAcquire()) {
      return true;
    }
    Handle old = sessionId == null ? null : bySession.get(sessionId);
    if (old == null) {
      return false;
    }
    old.replaced = true;
    return slots.tryAcquire(2, java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * A session's new subscriptions.
   *
   * @param uris  all of them
   * @param since the position (resume token) at which they were acknowledged, when the change was made on another
   *              instance: updates after it that the stream passed before it heard of the change are owed a
   *              notification; null for a change made here (the stream hears of it before any later update)
   */
  record Pushed(Set<String> uris, String since) {}

  /** Tells the session's stream on this instance, if any, its new subscriptions. */
  void subscriptionsChanged(String sessionId, Set<String> uris, String since) {
    Handle h = bySession.get(sessionId);
    if (h != null) {
      h.push(uris, since);
    }
  }

  /** Ends the session's stream on this instance (DELETE of the session). */
  void endSession(String sessionId) {
    Handle h = bySession.get(sessionId);
    if (h != null) {
      h.replaced = true;
    }
  }

  int size() {
    return open.size();
  }

  /** Asks every stream to end (listen streams send their final response) and waits for them, at most {@code wait}. */
  void drain(Duration wait) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + wait.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
