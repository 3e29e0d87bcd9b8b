package io.mmpipe.devstack.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one benchmark subscriber does with its events (it keeps none): the {@code ready} event (on WebSocket, the
 * {@code "status":"subscribed"} answer) marks it connected, and each update carrying {@code "sent_us":<micros>} is one
 * delivery, its latency measured from that scheduled send time on the bench's own clock, into the current
 * {@link Window}: an update counts only when scheduled inside the window, and its latency only before the cutoff.
 * Each channel's updates must arrive in order and once: an update whose number is not above the last one of its
 * channel is counted as misordered (a duplicate, or one overtaken).
 */
final class DeliveryCounter {

  /**
   * One measured window of a run: what is counted and where.
   *
   * @param startUs    updates scheduled before this belong to an earlier window and are not counted
   * @param cutoffUs   updates scheduled from this on are counted but their latency is not recorded
   * @param misordered updates that came again or after a later one of their channel
   * @param timeline   deliveries and worst latency per second of receipt, or null
   */
  record Window(Latency latency, LongAdder delivered, long startUs, long cutoffUs, LongAdder misordered,
      Timeline timeline) {
    Window(Latency latency, LongAdder delivered, long startUs, long cutoffUs, LongAdder misordered) {
      this(latency, delivered, startUs, cutoffUs, misordered, null);
    }
  }

  private final BenchClock clock;
  private final AtomicReference<Window> window;
  private final long[] lastOfChannel = new long[BenchUpdates.CHANNELS];
  private Window orderedIn; // the window lastOfChannel belongs to
  private Window gapIn; // the window lastReceiptUs belongs to
  private long lastReceiptUs;
  private volatile boolean ready;

  DeliveryCounter(BenchClock clock, AtomicReference<Window> window) {
    this.clock = clock;
    this.window = window;
  }

  /** The subscriber's connected marker. */
  void markReady() {
    ready = true;
  }

  /**
   * One event or message: its scheduled send time and bench update number ({@link BenchUpdates#number}), each -1
   * when it carries none. Called by one thread per subscriber.
   */
  void delivered(long sentUs, long number) {
    Window w = window.get();
    if (sentUs <= 0 || w == null || sentUs < w.startUs()) {
      return; // not of this window (update numbers start again in each)
    }
    long now = clock.nowMicros();
    if (sentUs < w.cutoffUs()) {
      w.latency().recordMicros(now - sentUs);
    }
    if (w.timeline() != null) {
      w.timeline().record(now, now - sentUs);
      if (w == gapIn) {
        w.timeline().gap(now - lastReceiptUs);
      }
      gapIn = w;
      lastReceiptUs = now;
    }
    w.delivered().increment();
    if (number >= 0) {
      if (w != orderedIn) {
        java.util.Arrays.fill(lastOfChannel, -1);
        orderedIn = w;
      }
      int channel = (int) (number % BenchUpdates.CHANNELS);
      if (number <= lastOfChannel[channel]) {
        w.misordered().increment();
      }
      lastOfChannel[channel] = Math.max(lastOfChannel[channel], number);
    }
  }

  boolean ready() {
    return ready;
  }
}
