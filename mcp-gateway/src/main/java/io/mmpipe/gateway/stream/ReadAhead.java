package io.mmpipe.gateway.stream;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A catch-up reader that fetches and decodes on a thread of its own, at most {@code depth} batches ahead of its
 * subscriber: decoding a backlog (Avro, then the subscriber JSON) overlaps the subscriber's socket writes instead of
 * alternating with them on one thread. What the subscriber sees is what the wrapped fetch returned, batch by batch
 * and in order; a position is reported only once every record below it has been handed over, a lost range only
 * after the records fetched before it.
 *
 * <p>Bounded: a subscriber that stops taking leaves at most {@code depth} batches queued and one more in hand, and
 * the thread waits; closing stops and joins the thread, which then closes the fetch. A fetch that fails reaches the
 * subscriber as the same exception, after the batches fetched before it.
 */
final class ReadAhead implements CatchUpSource.CatchUp {

  /** Batches queued ahead of the subscriber per reader when no depth is given. */
  static final int DEFAULT_DEPTH = 4;
  private static final Duration FETCH_WAIT = Duration.ofMillis(200);
  private static final AtomicLong THREADS = new AtomicLong();

  /** What the read-ahead thread drives; used by that thread only. */
  interface Fetch extends AutoCloseable {

    /** The next records fetched and decoded, the positions after them and any range lost before them. */
    Batch fetch(Duration timeout);

    /** Makes a blocked {@link #fetch} return early; the only method called from another thread. */
    void wakeup();

    @Override
    void close();
  }

  /**
   * @param positions next offset per partition once {@code events} are passed (-1 unknown), null when not known
   * @param gap       what the fetch lost before these events, or null
   */
  record Batch(List<UpdateEvent> events, long[] positions, ResumeGap gap) {}

  private record Failed(RuntimeException error) {}

  private final BlockingQueue<Object> queue; // Batch or Failed
  private final Fetch fetch;
  private final Thread thread;
  private volatile boolean closed;
  private long[] positions; // as of the last batch handed over
  private ResumeGap gap;

  ReadAhead(Fetch fetch, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive");
    }
    this.fetch = fetch;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.thread = Thread.ofPlatform().daemon().name("mmpipe-catch-up-" + THREADS.incrementAndGet())
        .start(this::run);
  }

  private void run() {
    long[] published = null;
    try {
      while (!closed) {
        Batch b = fetch.fetch(FETCH_WAIT);
        boolean moved = b.positions() != null && !Arrays.equals(b.positions(), published);
        if (b.events().isEmpty() && b.gap() == null && !moved) {
          continue; // nothing to hand over
        }
        published = b.positions();
        hand(b);
      }
    } catch (RuntimeException e) {
      if (!closed) { // after every batch fetched before it
        hand(new Failed(e));
      }
    } finally {
      fetch.close();
    }
  }

  /** Queues {@code item}, waiting while the queue is full until the subscriber takes or closes. */
  private void hand(Object item) {
    try {
      while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        // full: the subscriber is writing what it took
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public List<UpdateEvent> poll(Duration timeout) {
    Object next;
    try {
      next = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the subscription sees it and closes
      return List.of();
    }
    if (next == null) {
      return List.of();
    }
    if (next instanceof Failed f) {
      throw f.error();
    }
    Batch b = (Batch) next;
    if (b.positions() != null) {
      positions = b.positions();
    }
    if (b.gap() != null) {
      gap = b.gap();
    }
    return b.events();
  }

  @Override
  public ResumeGap takeGap() {
    ResumeGap g = gap;
    gap = null;
    return g;
  }

  @Override
  public long position(int partition) {
    long[] p = positions;
    return p != null && partition < p.length ? p[partition] : -1;
  }

  /** Batches waiting to be taken (at most the depth). */
  int queued() {
    return queue.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    fetch.wakeup(); // a fetch in progress returns; a full queue is given up within its offer's wait
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.clear();
  }
}
