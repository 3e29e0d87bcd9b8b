package io.mmpipe.devstack.bench;

import io.mmpipe.sim.load.LoadStamp;
import org.HdrHistogram.Histogram;

/**
 * When the SSE client first received each slot of one stamped post load ({@link LoadStamp}), for slots {@code 0} to
 * {@code slots - 1}: fixed arrays, so its size is set by the run's length, not by what arrives. Stamps due before
 * {@code sinceMicros} (an earlier load's posts, which the same simulator also made) and slots past the end (made
 * while the load was being stopped) are ignored.
 */
final class SlotReceipts {

  /** The largest latency recorded, in microseconds: a post never received counts as this at most. */
  static final long MAX_MICROS = 600_000_000L;

  private final long sinceMicros;
  private final long[] due;
  private final long[] late;
  private final long[] receipt; // 0: not received
  private int received;

  SlotReceipts(long sinceMicros, int slots) {
    if (slots <= 0) {
      throw new IllegalArgumentException("slots must be positive");
    }
    this.sinceMicros = sinceMicros;
    this.due = new long[slots];
    this.late = new long[slots];
    this.receipt = new long[slots];
  }

  /** The first receipt of a slot counts; a copy delivered again does not. */
  synchronized void record(LoadStamp stamp, long receiptMicros) {
    if (stamp.dueMicros() < sinceMicros || stamp.slot() >= receipt.length) {
      return;
    }
    int k = (int) stamp.slot();
    if (receipt[k] == 0) {
      due[k] = stamp.dueMicros();
      late[k] = stamp.lateMicros();
      receipt[k] = Math.max(1, receiptMicros);
      received++;
    }
  }

  /**
   * Time from one stage to the next ({@code from}'s receipt to {@code to}'s, or from the due time when {@code from} is
   * null) of every slot from {@code first} on that both saw; how long the hop between two points of the pipeline
   * took. A negative difference (two clocks of millisecond resolution) counts as 0.
   */
  static Histogram between(SlotReceipts from, SlotReceipts to, int first) {
    Histogram h = new Histogram(MAX_MICROS, 3);
    int n = Math.min(to.receipt.length, from == null ? Integer.MAX_VALUE : from.receipt.length);
    for (int k = first; k < n; k++) {
      long end = to.receiptMicros(k);
      long start = from == null ? to.dueMicros(k) : from.receiptMicros(k);
      if (end != 0 && start != 0) {
        h.recordValue(Math.max(0, Math.min(end - start, MAX_MICROS)));
      }
    }
    return h;
  }

  private synchronized long receiptMicros(int k) {
    return receipt[k];
  }

  private synchronized long dueMicros(int k) {
    return receipt[k] == 0 ? 0 : due[k];
  }

  /** Slots received, of any. */
  synchronized int received() {
    return received;
  }

  /** Whether every slot from {@code first} on was received. */
  synchronized boolean allFrom(int first) {
    for (int k = first; k < receipt.length; k++) {
      if (receipt[k] == 0) {
        return false;
      }
    }
    return true;
  }

  /** Slots from {@code first} on never received. */
  synchronized long missingFrom(int first) {
    long n = 0;
    for (int k = first; k < receipt.length; k++) {
      n += receipt[k] == 0 ? 1 : 0;
    }
    return n;
  }

  /** Slots from {@code first} on that the generator made more than {@code micros} after their due time. */
  synchronized long lateFrom(int first, long micros) {
    long n = 0;
    for (int k = first; k < receipt.length; k++) {
      n += receipt[k] != 0 && late[k] > micros ? 1 : 0;
    }
    return n;
  }

  /**
   * Receipt minus due time of every slot from {@code first} on (microseconds, open model). A slot never received
   * counts as received at {@code endMicros}; its due time is the first received slot's plus the slots between,
   * {@code intervalNanos} apart as the generator paces them.
   */
  synchronized Histogram latency(int first, long endMicros, long intervalNanos) {
    Histogram h = new Histogram(MAX_MICROS, 3);
    int ref = -1;
    for (int k = 0; k < receipt.length && ref < 0; k++) {
      ref = receipt[k] != 0 ? k : -1;
    }
    for (int k = first; k < receipt.length; k++) {
      long value;
      if (receipt[k] != 0) {
        value = receipt[k] - due[k];
      } else if (ref >= 0) {
        value = endMicros - (due[ref] + (k - ref) * intervalNanos / 1000);
      } else {
        value = MAX_MICROS;
      }
      h.recordValue(Math.max(0, Math.min(value, MAX_MICROS)));
    }
    return h;
  }
}
