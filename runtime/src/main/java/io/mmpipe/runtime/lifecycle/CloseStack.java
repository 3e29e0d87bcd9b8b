package io.mmpipe.runtime.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process started, closed in the reverse order: every {@code *Main} and the demo stack push each component as
 * it comes up, and close the stack once. Closing is idempotent and never throws: a component that fails to close is
 * logged by name and the rest are still closed. A component pushed after the stack was closed is closed at once, so
 * a start racing a shutdown leaves nothing running.
 */
public final class CloseStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloseStack.class);

  private record Entry(String name, AutoCloseable component) {}

  private final String owner;
  private final Deque<Entry> started = new ArrayDeque<>();
  private boolean closed;

  /** @param owner what the stack belongs to, for the log ("ingestor", "demo") */
  public CloseStack(String owner) {
    this.owner = owner;
  }

  /** Pushes a component, named after its class; returns it. */
  public <T extends AutoCloseable> T push(T component) {
    return push(component.getClass().getSimpleName(), component);
  }

  /** Pushes a component under a name for the log; returns it. */
  public <T extends AutoCloseable> T push(String name, T component) {
    boolean closeNow;
    synchronized (this) {
      closeNow = closed;
      if (!closeNow) {
        started.push(new Entry(name, component));
      }
    }
    if (closeNow) {
      closeQuietly(new Entry(name, component));
    }
    return component;
  }

  /** The names of what is open, the most recent first. */
  public synchronized List<String> open() {
    List<String> names = new ArrayList<>();
    started.forEach(e -> names.add(e.name()));
    return names;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    List<Entry> toClose = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      while (!started.isEmpty()) {
        toClose.add(started.pop());
      }
    }
    toClose.forEach(CloseStack::closeQuietly);
    log.debug("{}: closed {} components", owner, toClose.size());
  }

  private static void closeQuietly(Entry e) {
    try {
      e.component().close();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while closing {}", e.name());
    } catch (Exception ex) {
      log.warn("error while closing {}: {}", e.name(), ex.toString());
    }
  }
}
