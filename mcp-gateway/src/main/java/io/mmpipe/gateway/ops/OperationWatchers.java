package io.mmpipe.gateway.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers of operations on this instance, whichever instance runs the operation: bounded in number, since each
 * is held by a client connection (a WebSocket, a followed tool call) that could otherwise pile them up.
 */
final class OperationWatchers {

  private static final Logger log = LoggerFactory.getLogger(OperationWatchers.class);
  private final int max;
  private final Map<String, List<Consumer<OperationEvent>>> byId = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  OperationWatchers(int max) {
    this.max = max;
  }

  /**
   * Delivers the events of operation {@code id} to {@code listener} until the answer is closed.
   *
   * @throws IllegalStateException when this instance already has its maximum of watchers
   */
  AutoCloseable add(String id, Consumer<OperationEvent> listener) {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      throw new IllegalStateException("too many operation watchers on this instance (" + max + ")");
    }
    byId.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
    return () -> {
      List<Consumer<OperationEvent>> l = byId.get(id);
      if (l != null && l.remove(listener)) {
        count.decrementAndGet();
        byId.computeIfPresent(id, (k, v) -> v.isEmpty() ? null : v);
      }
    };
  }

  /** Watchers at once on this instance. */
  int count() {
    return count.get();
  }

  /** Hands {@code e} to its operation's watchers; one that fails does not keep it from the others. */
  void deliver(OperationEvent e) {
    List<Consumer<OperationEvent>> l = byId.get(e.operationId());
    if (l == null) {
      return;
    }
    for (Consumer<OperationEvent> c : l) {
      try {
        c.accept(e);
      } catch (RuntimeException ex) {
        log.warn("an operation watcher failed: {}", ex.toString());
      }
    }
  }
}
