package io.mmpipe.devstack.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fan-out window second by second, by the second of receipt: how many updates arrived and the worst latency among
 * them. A stall shows as seconds with (almost) nothing delivered followed by one with a burst and a latency of
 * seconds; a server that keeps up but slowly shows as a steady count below the offered rate. A fixed number of
 * seconds: receipts after the last are counted in it, so the memory is bounded however long the window runs late.
 */
final class Timeline {

  private final long startUs;
  private final AtomicLongArray count;
  private final AtomicLongArray maxUs;
  private final java.util.concurrent.atomic.AtomicLong maxGapUs = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.LongAdder longGaps = new java.util.concurrent.atomic.LongAdder();
  /** A subscriber that received nothing for this long while updates were due stalled. */
  static final long LONG_GAP_US = 1_000_000;

  /** {@code seconds} buckets from {@code startUs} (the window's first scheduled send, bench clock). */
  Timeline(long startUs, int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be >= 1: " + seconds);
    }
    this.startUs = startUs;
    this.count = new AtomicLongArray(seconds);
    this.maxUs = new AtomicLongArray(seconds);
  }

  /** One update received at {@code receivedUs}, {@code latencyUs} after it was scheduled. */
  void record(long receivedUs, long latencyUs) {
    int s = (int) Math.max(0, Math.min(count.length() - 1, (receivedUs - startUs) / 1_000_000));
    count.incrementAndGet(s);
    maxUs.accumulateAndGet(s, latencyUs, Math::max);
  }

  /**
   * One subscriber's time between two deliveries in a row: a few subscribers with long gaps while the others are
   * on time is a stall of their connections (a lost segment waiting for its retransmission timer, a socket not
   * read), not of a whole JVM.
   */
  void gap(long us) {
    maxGapUs.accumulateAndGet(us, Math::max);
    if (us >= LONG_GAP_US) {
      longGaps.increment();
    }
  }

  long maxGapUs() {
    return maxGapUs.get();
  }

  /** Gaps of at least {@link #LONG_GAP_US}. */
  long longGaps() {
    return longGaps.sum();
  }

  int seconds() {
    return count.length();
  }

  long count(int second) {
    return count.get(second);
  }

  long maxLatencyUs(int second) {
    return maxUs.get(second);
  }

  /** {@code second,delivered,max_latency_ms} per line, with a header. */
  String csv() {
    StringBuilder sb = new StringBuilder("second,delivered,max_latency_ms\n");
    for (int s = 0; s < seconds(); s++) {
      sb.append(s).append(',').append(count(s)).append(',')
          .append(String.format(Locale.ROOT, "%.1f", maxLatencyUs(s) / 1000.0)).append('\n');
    }
    return sb.toString();
  }

  /**
   * One line for the log: deliveries per second over the first {@code measured} seconds (the window proper), and
   * where the worst latency arrived.
   */
  String summary(int measured) {
    int n = Math.min(measured, seconds());
    StringBuilder sb = new StringBuilder("delivered per second [");
    int worst = 0;
    for (int s = 0; s < seconds(); s++) {
      if (s < n) {
        sb.append(s == 0 ? "" : " ").append(count(s));
      }
      if (maxLatencyUs(s) > maxLatencyUs(worst)) {
        worst = s;
      }
    }
    return sb.append(String.format(Locale.ROOT, "], worst latency %.0f ms arrived in second %d; longest gap of one"
        + " subscriber %.0f ms, %d gaps >= 1 s", maxLatencyUs(worst) / 1000.0, worst, maxGapUs() / 1000.0,
        longGaps())).toString();
  }
}
