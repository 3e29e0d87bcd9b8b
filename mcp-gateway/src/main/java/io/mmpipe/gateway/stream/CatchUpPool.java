package io.mmpipe.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code maxReaders} catch-up readers open at once on this instance, however many subscribers resume: each
 * reader is a Kafka consumer with its own fetch buffers, so a thousand subscribers resuming together after a
 * failover must not mean a thousand consumers. A subscriber without a reader waits in a fair (first come, first
 * served) queue, holding nothing but its position; the queue is bounded by the number of subscribers, which the
 * transports bound. A reader goes back to the pool the moment its subscriber reaches the live ring.
 */
public final class CatchUpPool {

  private final CatchUpSource source;
  private final int maxReaders;
  private final Semaphore permits;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();

  public CatchUpPool(CatchUpSource source, int maxReaders) {
    if (maxReaders < 1) {
      throw new IllegalArgumentException("maxReaders must be positive");
    }
    this.source = source;
    this.maxReaders = maxReaders;
    this.permits = new Semaphore(maxReaders, true);
  }

  /**
   * A reader at {@code positions}, waiting at most {@code wait} for a free one; empty when none became free.
   *
   * @throws InterruptedException when interrupted while waiting (the subscriber is closing)
   */
  public Optional<CatchUpSource.CatchUp> tryOpen(long[] positions, Duration wait) throws InterruptedException {
    if (!permits.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    CatchUpSource.CatchUp reader;
    try {
      reader = source.open(positions);
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    opened.incrementAndGet();
    live.incrementAndGet();
    return Optional.of(onClose(reader, () -> {
      live.decrementAndGet();
      permits.release();
    }));
  }

  /** Readers open now (at most {@link #maxReaders()}). */
  public int live() {
    return live.get();
  }

  /** Readers opened since start. */
  public long opened() {
    return opened.get();
  }

  public int maxReaders() {
    return maxReaders;
  }

  /** Subscribers waiting for a reader (an estimate, as {@link Semaphore#getQueueLength()}). */
  public int waiting() {
    return permits.getQueueLength();
  }

  /** {@code reader}, running {@code afterClose} once, after its first close (a reader's close is idempotent). */
  static CatchUpSource.CatchUp onClose(CatchUpSource.CatchUp reader, Runnable afterClose) {
    AtomicBoolean closed = new AtomicBoolean();
    return new CatchUpSource.CatchUp() {
      @Override
      public List<UpdateEvent> poll(Duration timeout) {
        return reader.poll(timeout);
      }

      @Override
      public ResumeGap takeGap() {
        return reader.takeGap();
      }

      @Override
      public long position(int partition) {
        return reader.position(partition);
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          try {
            reader.close();
          } finally {
            afterClose.run();
          }
        }
      }
    };
  }
}
