package io.mmpipe.gateway.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One Kafka consumer polled on its own platform thread (a consumer is single-threaded and polls in a tight loop,
 * so a virtual thread gains nothing). Owns the lifecycle the features would otherwise each repeat: the consumer is
 * created on the thread, {@link #close()} stops the loop, wakes a blocked poll and waits for the thread to end.
 *
 * <p>With a {@link Backoff}, a loop that fails is not the end: the consumer is closed, and after the backoff a new
 * one runs the loop again, for as long as the thread is not closed (a failed part comes back by itself).
 */
public final class ConsumerThread implements AutoCloseable {

  /** The feature's poll loop; it should return once {@link ConsumerThread#running()} turns false. */
  @FunctionalInterface
  public interface Loop {
    void run(KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException;
  }

  private final Map<String, Object> props;
  private final Loop loop;
  private final Consumer<RuntimeException> onFailure;
  private final Runnable onExit;
  private final Backoff backoff; // null: a failure ends the thread
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param onFailure told about a runtime failure that ended the loop (not about the wakeup or interrupt of close)
   * @param onExit    run on the consumer thread after the loop ended, however it ended
   */
  public ConsumerThread(String threadName, Map<String, Object> props, Loop loop,
                        Consumer<RuntimeException> onFailure, Runnable onExit) {
    this(threadName, props, loop, onFailure, onExit, null);
  }

  /**
   * @param backoff how long to wait before running the loop again on a new consumer after a failure, or null to end
   *                the thread on the first failure
   */
  public ConsumerThread(String threadName, Map<String, Object> props, Loop loop,
                        Consumer<RuntimeException> onFailure, Runnable onExit, Backoff backoff) {
    this.props = Map.copyOf(props);
    this.loop = loop;
    this.onFailure = onFailure;
    this.onExit = onExit;
    this.backoff = backoff;
    this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** False once {@link #close()} was called. */
  public boolean running() {
    return running.get();
  }

  private void run() {
    try {
      int failures = 0;
      while (running.get()) {
        long began = System.nanoTime();
        if (!runOnce() || backoff == null) {
          return;
        }
        // a consumer that ran well for a while before failing starts the backoff over
        failures = System.nanoTime() - began > backoff.max().toNanos() ? 0 : failures;
        Duration wait = backoff.after(failures++);
        if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      onExit.run();
    }
  }

  /** One consumer's life; true when it ended by a failure (worth a restart), false when closing. */
  private boolean runOnce() {
    try (KafkaConsumer<byte[], byte[]> c = ByteConsumers.open(props)) {
      consumer = c;
      // close() may have run before the consumer existed, so it could not wake it: do not start polling
      if (running.get()) {
        loop.run(c);
      }
      return false;
    } catch (WakeupException | InterruptedException e) {
      return false; // closing
    } catch (RuntimeException e) {
      if (!running.get()) {
        return false;
      }
      onFailure.accept(e);
      return true;
    } finally {
      consumer = null;
    }
  }

  /** Capped exponential backoff between restarts. */
  public record Backoff(Duration first, Duration max) {

    public Backoff {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("backoff needs 0 < first <= max");
      }
    }

    /** The wait after the {@code failures}-th consecutive failure (0 for the first). */
    public Duration after(int failures) {
      return failures >= 30 ? max : min(first.multipliedBy(1L << Math.min(failures, 30)), max);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      running.set(false);
      stop.countDown();
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
