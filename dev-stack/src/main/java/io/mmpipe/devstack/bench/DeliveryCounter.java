package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.SseClient;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one benchmark subscriber does with its events (it keeps none): the {@code ready} event (on WebSocket, the
 * {@code "status":"subscribed"} answer) marks it connected, and each update carrying {@code "sent_us":<micros>} is one
 * delivery, its latency measured from that scheduled send time on the bench's own clock, into the current
 * {@link Window}: an update counts only when scheduled inside the window, and its latency only before the cutoff.
 */
final class DeliveryCounter implements SseClient.Listener {

  private static final String MARK = "\"sent_us\":";
  private static final String SUBSCRIBED = "\"status\":\"subscribed\"";

  /**
   * One measured window of a run: what is counted and where.
   *
   * @param startUs  updates scheduled before this belong to an earlier window and are not counted
   * @param cutoffUs updates scheduled from this on are counted but their latency is not recorded
   */
  record Window(Latency latency, LongAdder delivered, long startUs, long cutoffUs) {}

  private final BenchClock clock;
  private final AtomicReference<Window> window;
  private final AtomicBoolean ready = new AtomicBoolean();

  DeliveryCounter(BenchClock clock, AtomicReference<Window> window) {
    this.clock = clock;
    this.window = window;
  }

  @Override
  public void onEvent(SseClient.Event event) {
    if ("ready".equals(event.event())) {
      ready.set(true);
      return;
    }
    count(event.data());
  }

  /** One WebSocket text frame: the subscribe answer, or an update. */
  void onText(String text) {
    if (!ready.get() && text.contains(SUBSCRIBED)) {
      ready.set(true);
      return;
    }
    count(text);
  }

  private void count(String data) {
    long sentUs = sentMicros(data);
    Window w = window.get();
    if (sentUs > 0 && w != null && sentUs >= w.startUs()) {
      if (sentUs < w.cutoffUs()) {
        w.latency().recordMicros(clock.nowMicros() - sentUs);
      }
      w.delivered().increment();
    }
  }

  boolean ready() {
    return ready.get();
  }

  /** The number after {@code "sent_us":} in an event's data, or -1. */
  static long sentMicros(String data) {
    return BenchUpdates.numberAfter(data, MARK);
  }
}
