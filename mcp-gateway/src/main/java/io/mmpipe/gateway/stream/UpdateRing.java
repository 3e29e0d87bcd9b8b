package io.mmpipe.gateway.stream;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded in-memory ring of the most recent updates this instance consumed, in consumption order. It is both
 * the live fan-out (subscribers read it at their own pace, the consumer never waits for them) and the fast resume
 * path (a token it still covers needs no Kafka read).
 *
 * <p>Each event gets a sequence number; slot {@code seq % capacity} holds it until it is overwritten. Readers read
 * slots without locking and detect an overwrite by the sequence number stored in the event. The ring also keeps two
 * offset vectors: {@code start} (for every partition, the offset below which records may have been evicted) and
 * {@code current} (the consumer's next offset per partition), published as an immutable {@link Snapshot} after each
 * appended batch, and every {@code stride} events a {@link Checkpoint} of {@code current}, so that
 * {@link #cursorFor} is a binary search that never takes the append lock.
 */
public final class UpdateRing {

  /** Checkpoints per ring capacity: a resume scans at most {@code capacity / this} events after its binary search. */
  private static final int CHECKPOINTS = 128;
  private static final int CURSOR_ATTEMPTS = 8;

  private final AtomicReferenceArray<UpdateEvent> slots;
  private final int capacity;
  private final int stride;
  private final AtomicReferenceArray<Checkpoint> checkpoints;
  private final ReentrantLock lock = new ReentrantLock();
  /**
   * The readers parked in {@link #await}, each at most once (a reader adds itself while it waits and removes itself
   * when it returns, so this holds at most one entry per live subscriber). An append unparks them directly rather
   * than through a condition of the append lock: with a condition, ten thousand woken readers had to take that lock
   * again one after another, each handing it to the next, and the next append queued behind all of them.
   */
  private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
  private volatile long head; // next sequence number to assign
  private volatile Snapshot snapshot;
  private long[] start;   // guarded by lock; published through snapshot
  private long[] current; // guarded by lock; published through snapshot
  private long recreatedAt = -1; // guarded by lock: seq of the last topic-recreated marker, -1 when none

  public UpdateRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.stride = Math.max(1, capacity / CHECKPOINTS);
    // two more than the window needs, so a checkpoint is overwritten only after its events left the ring
    this.checkpoints = new AtomicReferenceArray<>(capacity / stride + 2);
  }

  /** The offset vectors as of sequence number {@code head}; never mutated. */
  private record Snapshot(long head, long[] start, long[] current, long recreatedAt) {}

  /** {@code positions}: the consumer's next offset per partition just before the event {@code seq} was appended. */
  private record Checkpoint(long seq, long[] positions) {}

  /** Sets where the consumer starts (its position in each partition). Must be called before any append. */
  public void init(long[] positions) {
    lock.lock();
    try {
      start = positions.clone();
      current = positions.clone();
      snapshot = new Snapshot(head, start.clone(), current.clone(), recreatedAt);
    } finally {
      lock.unlock();
    }
  }

  public boolean initialized() {
    return snapshot != null;
  }

  public int partitions() {
    return snapshot.current().length;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Appends decoded records (sequence numbers are assigned here) and wakes waiting readers. A reset marker
   * ({@link UpdateEvent#marker}) moves the positions to its restart point: forward past what retention deleted (and
   * the start with it, so no resume below it is vouched for), or back to the start of a recreated topic.
   */
  public void append(List<UpdateEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (UpdateEvent e : batch) {
        long seq = head;
        if (seq % stride == 0) {
          checkpoints.set((int) ((seq / stride) % checkpoints.length()), new Checkpoint(seq, current.clone()));
        }
        int idx = (int) (seq % capacity);
        UpdateEvent evicted = slots.get(idx);
        // an event of a recreated topic's old incarnation says nothing about the new one's offsets
        if (evicted != null && evicted.seq() > recreatedAt) {
          start[evicted.partition()] = Math.max(start[evicted.partition()], evicted.offset() + 1);
        }
        slots.set(idx, new UpdateEvent(seq, e.partition(), e.offset(), e.update(), e.json(), e.reset()));
        if (e.reset() != null) {
          restartAt(seq, e.reset().gap());
        } else {
          current[e.partition()] = Math.max(current[e.partition()], e.offset() + 1);
        }
        head = seq + 1;
      }
      snapshot = new Snapshot(head, start.clone(), current.clone(), recreatedAt);
    } finally {
      lock.unlock();
    }
    wakeAll();
  }

  private void restartAt(long seq, ResumeGap gap) {
    long[] restart = gap.restart();
    boolean recreated = gap.cause() == ResumeGap.Cause.TOPIC_RECREATED;
    if (recreated) {
      recreatedAt = seq;
    }
    for (int p = 0; p < current.length && p < restart.length; p++) {
      current[p] = recreated ? restart[p] : Math.max(current[p], restart[p]);
      start[p] = recreated ? restart[p] : Math.max(start[p], restart[p]);
    }
  }

  /** Next sequence number to be assigned. */
  public long head() {
    return head;
  }

  /** Oldest sequence number still held. */
  public long oldest() {
    return Math.max(0, head - capacity);
  }

  /** The event with this sequence number, or null when it is not yet written or already overwritten. */
  public UpdateEvent get(long seq) {
    if (seq < 0 || seq >= head) {
      return null;
    }
    UpdateEvent e = slots.get((int) (seq % capacity));
    return e != null && e.seq() == seq ? e : null;
  }

  /** Waits until an event with sequence number {@code seq} exists, at most {@code nanos}; true when it does. */
  public boolean await(long seq, long nanos) throws InterruptedException {
    if (head > seq) {
      return true;
    }
    long deadline = System.nanoTime() + nanos;
    Thread me = Thread.currentThread();
    // registered before head is read again: an append either is seen here or sees this reader (both are volatile)
    waiting.add(me);
    try {
      while (head <= seq) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, left);
      }
      return true;
    } finally {
      waiting.remove(me);
    }
  }

  /** Wakes every waiting reader (after an append, and when the consumer ends). */
  public void wakeAll() {
    for (Thread t : waiting) {
      LockSupport.unpark(t);
    }
  }

  /** Readers parked in {@link #await} now. */
  int waiting() {
    return waiting.size();
  }

  /** The live tail: the sequence number a new subscriber starts at and the positions that go with it. */
  public Tail tail() {
    Snapshot s = snapshot;
    return new Tail(s.head(), s.current().clone());
  }

  /** The consumer's next offset per partition. */
  public long[] current() {
    return snapshot.current().clone();
  }

  /**
   * Where a subscriber at {@code positions} can continue reading this ring without missing anything, or empty when
   * the ring does not cover it (records it still needs were evicted, or were never read by this instance) or when
   * the subscriber would start more than {@code maxLag} events behind the head.
   *
   * <p>Covered means: in every partition nothing at or after the subscriber's position has been evicted. The
   * sequence returned is the first event the subscriber has not seen; events before it, and any later ones below
   * its position, are ones it already has and are skipped by the reader.
   *
   * <p>Takes no lock, so appends never wait for it: a binary search over the checkpoints (the consumer's positions
   * only grow, so "every event before this checkpoint is below the subscriber's position" holds for a prefix of
   * them), then a scan of at most one stride of events.
   */
  public OptionalLong cursorFor(long[] positions, long maxLag) {
    for (int attempt = 0; attempt < CURSOR_ATTEMPTS; attempt++) {
      Snapshot snap = snapshot;
      for (int p = 0; p < snap.start().length; p++) {
        if (at(positions, p) < snap.start()[p]) {
          return OptionalLong.empty();
        }
      }
      // offsets before a recreated topic's marker belong to the old topic: the search starts after it
      long floor = snap.recreatedAt() + 1;
      long cursor = seen(snap.current(), positions) ? snap.head() : firstUnseen(snap.head(), floor, positions);
      if (cursor >= 0) {
        return snap.head() - cursor <= maxLag ? OptionalLong.of(cursor) : OptionalLong.empty();
      }
      // the ring moved on under the search (a checkpoint or event was overwritten): look again at the new state
    }
    return OptionalLong.empty(); // the ring turns over faster than we can look: too far behind to hand over
  }

  /**
   * The first sequence number in [{@code floor}, {@code h}) holding an event at or after {@code positions}; -1 on
   * overwrite.
   */
  private long firstUnseen(long h, long floor, long[] positions) {
    long oldest = Math.max(floor, h - capacity);
    long lo = (oldest + stride - 1) / stride; // first checkpoint inside the window
    long hi = (h - 1) / stride;               // last checkpoint written
    long from = oldest;                       // everything before the window was seen (checked against start)
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      Checkpoint cp = checkpoints.get((int) (mid % checkpoints.length()));
      if (cp == null || cp.seq() != mid * stride) {
        return -1;
      }
      if (seen(cp.positions(), positions)) {
        from = cp.seq();
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    for (long s = from; s < h; s++) {
      UpdateEvent e = get(s);
      if (e == null) {
        return -1;
      }
      if (e.offset() >= at(positions, e.partition())) {
        return s;
      }
    }
    return h;
  }

  /** True when every record below {@code consumed} (per partition) is below {@code positions}. */
  private static boolean seen(long[] consumed, long[] positions) {
    for (int p = 0; p < consumed.length; p++) {
      if (consumed[p] > at(positions, p)) {
        return false;
      }
    }
    return true;
  }

  private static long at(long[] positions, int p) {
    return p < positions.length ? positions[p] : 0;
  }

  /** Runs {@code r} while holding the append lock (tests prove that readers do not need it). */
  void holdingAppendLock(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The newest {@code limit} decodable events still held that pass {@code filter}, oldest first. Reads without the
   * lock, like subscribers; an event overwritten during the scan is simply not returned.
   */
  public List<UpdateEvent> recent(java.util.function.Predicate<UpdateEvent> filter, int limit) {
    java.util.ArrayDeque<UpdateEvent> out = new java.util.ArrayDeque<>();
    long end = head;
    for (long s = end - 1; s >= Math.max(0, end - capacity) && out.size() < limit; s--) {
      UpdateEvent e = get(s);
      if (e != null && e.decodable() && filter.test(e)) {
        out.addFirst(e);
      }
    }
    return List.copyOf(out);
  }

  /** A starting point at the live tail. */
  public record Tail(long seq, long[] positions) {}

}
