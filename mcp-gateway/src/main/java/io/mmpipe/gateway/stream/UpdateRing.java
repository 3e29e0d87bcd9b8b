package io.mmpipe.gateway.stream;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded in-memory ring of the most recent updates this instance consumed, in consumption order. It is both
 * the live fan-out (subscribers read it at their own pace, the consumer never waits for them) and the fast resume
 * path (a token it still covers needs no Kafka read).
 *
 * <p>Each event gets a sequence number; slot {@code seq % capacity} holds it until it is overwritten. Readers read
 * slots without locking and detect an overwrite by the sequence number stored in the event. The ring also keeps two
 * offset vectors: {@code start} (for every partition, the offset below which records may have been evicted) and
 * {@code current} (the consumer's next offset per partition).
 */
public final class UpdateRing {

  private final AtomicReferenceArray<UpdateEvent> slots;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private volatile long head; // next sequence number to assign
  private long[] start;
  private long[] current;

  public UpdateRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  /** Sets where the consumer starts (its position in each partition). Must be called before any append. */
  public void init(long[] positions) {
    lock.lock();
    try {
      start = positions.clone();
      current = positions.clone();
    } finally {
      lock.unlock();
    }
  }

  public boolean initialized() {
    lock.lock();
    try {
      return current != null;
    } finally {
      lock.unlock();
    }
  }

  public int partitions() {
    lock.lock();
    try {
      return current.length;
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return capacity;
  }

  /** Appends decoded records (sequence numbers are assigned here) and wakes waiting readers. */
  public void append(List<UpdateEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (UpdateEvent e : batch) {
        long seq = head;
        int idx = (int) (seq % capacity);
        UpdateEvent evicted = slots.get(idx);
        if (evicted != null) {
          start[evicted.partition()] = Math.max(start[evicted.partition()], evicted.offset() + 1);
        }
        slots.set(idx, new UpdateEvent(seq, e.partition(), e.offset(), e.update(), e.json()));
        current[e.partition()] = Math.max(current[e.partition()], e.offset() + 1);
        head = seq + 1;
      }
      appended.signalAll();
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      while (head <= seq) {
        if (nanos <= 0) {
          return false;
        }
        nanos = appended.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting reader (used on shutdown). */
  public void wakeAll() {
    lock.lock();
    try {
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The live tail: the sequence number a new subscriber starts at and the positions that go with it. */
  public Tail tail() {
    lock.lock();
    try {
      return new Tail(head, current.clone());
    } finally {
      lock.unlock();
    }
  }

  /** The consumer's next offset per partition. */
  public long[] current() {
    lock.lock();
    try {
      return current.clone();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Where a subscriber at {@code positions} can continue reading this ring without missing anything, or empty when
   * the ring does not cover it (records it still needs were evicted, or were never read by this instance) or when
   * the subscriber would start more than {@code maxLag} events behind the head.
   *
   * <p>Covered means: in every partition nothing at or after the subscriber's position has been evicted. The
   * sequence returned is the first event the subscriber has not seen; events before it, and any later ones below
   * its position, are ones it already has and are skipped by the reader.
   */
  public OptionalLong cursorFor(long[] positions, long maxLag) {
    lock.lock();
    try {
      for (int p = 0; p < start.length; p++) {
        long pos = p < positions.length ? positions[p] : 0;
        if (pos < start[p]) {
          return OptionalLong.empty();
        }
      }
      long cursor = head;
      for (long s = oldest(); s < head; s++) {
        UpdateEvent e = slots.get((int) (s % capacity));
        if (e.offset() >= positions[e.partition()]) {
          cursor = s;
          break;
        }
      }
      return head - cursor <= maxLag ? OptionalLong.of(cursor) : OptionalLong.empty();
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
