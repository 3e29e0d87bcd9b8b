package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.SseClient;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one benchmark subscriber does with its events (it keeps none): the {@code ready} event marks it connected,
 * and each update carrying {@code "sent_us":<micros>} is one delivery, its latency measured from that scheduled
 * send time on the bench's own clock. Latency is recorded only for updates scheduled before {@code cutoffUs}.
 */
final class DeliveryCounter implements SseClient.Listener {

  private static final String MARK = "\"sent_us\":";

  private final BenchClock clock;
  private final Latency latency;
  private final AtomicLong cutoffUs;
  private final LongAdder delivered;
  private final AtomicBoolean ready = new AtomicBoolean();

  DeliveryCounter(BenchClock clock, Latency latency, AtomicLong cutoffUs, LongAdder delivered) {
    this.clock = clock;
    this.latency = latency;
    this.cutoffUs = cutoffUs;
    this.delivered = delivered;
  }

  @Override
  public void onEvent(SseClient.Event event) {
    if ("ready".equals(event.event())) {
      ready.set(true);
      return;
    }
    long sentUs = sentMicros(event.data());
    if (sentUs > 0) {
      if (sentUs < cutoffUs.get()) {
        latency.recordMicros(clock.nowMicros() - sentUs);
      }
      delivered.increment();
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
