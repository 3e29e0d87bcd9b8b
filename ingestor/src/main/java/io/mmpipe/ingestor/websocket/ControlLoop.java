package io.mmpipe.ingestor.websocket;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's one control thread: it takes {@link Signal}s in arrival order and hands each to the protocol, so the
 * protocol's state needs no locks. Timers only ever add signals; they never touch that state themselves.
 */
final class ControlLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

  // unbounded in type, bounded in use: frames hold a permit each, acks coalesce, the rest come one per timer or
  // connection event
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ws-timers");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread thread;

  /**
   * Starts the thread.
   *
   * @param handler handles one signal; false ends the loop
   */
  void start(Predicate<Signal> handler) {
    // a platform thread: virtual threads are not time-sliced, so a REST catch-up parsing pages on every carrier (or
    // anything else CPU-bound in the JVM) would keep the socket path from running while the server's queue fills
    thread = Thread.ofPlatform().daemon().name("ws-control").start(() -> run(handler));
  }

  void add(Signal s) {
    signals.add(s);
  }

  void later(Signal s, long delayMs) {
    timers.schedule(() -> signals.add(s), delayMs, TimeUnit.MILLISECONDS);
  }

  void every(Signal s, long periodMs) {
    timers.scheduleAtFixedRate(() -> signals.add(s), periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  private void run(Predicate<Signal> handler) {
    while (true) {
      Signal s;
      try {
        s = signals.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (!handler.test(s)) {
          return;
        }
      } catch (RuntimeException e) {
        log.error("WebSocket control error on {}", s.getClass().getSimpleName(), e);
      }
    }
  }

  /** Sends {@link Signal.Stop} and waits (a bounded time) for the thread to handle it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      signals.add(new Signal.Stop());
      Thread t = thread;
      if (t != null) {
        try {
          t.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      timers.shutdownNow();
    }
  }
}
