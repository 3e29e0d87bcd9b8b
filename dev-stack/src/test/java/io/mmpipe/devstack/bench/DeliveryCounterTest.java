package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DeliveryCounterTest {

  @Test
  void shouldReadSendTimeFromData() {
    assertThat(BenchUpdates.numberAfter("{\"data\":{\"post\":{\"id\":\"x\"},\"sent_us\":1763728000123456},\"e\":1}",
        "\"sent_us\":")).isEqualTo(1763728000123456L);
  }

  @Test
  void shouldCountDeliveriesAndMeasureOnlyThoseBeforeTheCutoff() {
    BenchClock clock = new BenchClock();
    Latency latency = new Latency();
    LongAdder delivered = new LongAdder();
    LongAdder misordered = new LongAdder();
    DeliveryCounter counter = new DeliveryCounter(clock,
        new AtomicReference<>(new DeliveryCounter.Window(latency, delivered, 100, 1_000, misordered)));

    counter.markReady();
    counter.delivered(50, 0); // an earlier window's
    counter.delivered(500, 1);
    counter.delivered(2000, 2);
    counter.delivered(-1, 3); // carries no send time

    assertThat(counter.ready()).isTrue();
    assertThat(delivered.sum()).isEqualTo(2);
    assertThat(latency.summary().count()).isEqualTo(1);
    assertThat(misordered.sum()).isZero();
  }

  @Test
  void shouldCountNothingBetweenWindows() {
    LongAdder delivered = new LongAdder();
    AtomicReference<DeliveryCounter.Window> window = new AtomicReference<>();
    DeliveryCounter counter = new DeliveryCounter(new BenchClock(), window);

    counter.delivered(500, 0);
    window.set(new DeliveryCounter.Window(new Latency(), delivered, 0, 1_000, new LongAdder()));
    counter.delivered(600, 1);

    assertThat(delivered.sum()).isEqualTo(1);
  }

  @Test
  void shouldCountDuplicatesAndOvertakenUpdatesPerChannel() {
    LongAdder misordered = new LongAdder();
    AtomicReference<DeliveryCounter.Window> window = new AtomicReference<>(
        new DeliveryCounter.Window(new Latency(), new LongAdder(), 0, 1_000, misordered));
    DeliveryCounter counter = new DeliveryCounter(new BenchClock(), window);
    int n = BenchUpdates.CHANNELS;

    counter.delivered(10, 1);
    counter.delivered(10, 0);     // another channel: order across channels is free
    counter.delivered(10, 1 + n);
    counter.delivered(10, 1 + n); // a duplicate
    counter.delivered(10, 1);     // overtaken by 1 + n
    assertThat(misordered.sum()).isEqualTo(2);

    // a new window numbers its updates from 0 again: no false alarm
    window.set(new DeliveryCounter.Window(new Latency(), new LongAdder(), 0, 1_000, misordered));
    counter.delivered(10, 1);
    assertThat(misordered.sum()).isEqualTo(2);
  }

  @Test
  void shouldPutEachDeliveryOnTheTimelineAndMeasureGapsOnlyWithinOneWindow() throws InterruptedException {
    Timeline timeline = new Timeline(0, 2);
    AtomicReference<DeliveryCounter.Window> window = new AtomicReference<>(new DeliveryCounter.Window(new Latency(),
        new LongAdder(), 1, Long.MAX_VALUE, new LongAdder(), timeline));
    DeliveryCounter counter = new DeliveryCounter(new BenchClock(), window);

    counter.delivered(10, 0);
    counter.delivered(10, 1);
    assertThat(timeline.count(0) + timeline.count(1)).isEqualTo(2);

    Thread.sleep(5);
    Timeline next = new Timeline(0, 2);
    window.set(new DeliveryCounter.Window(new Latency(), new LongAdder(), 1, Long.MAX_VALUE, new LongAdder(), next));
    counter.delivered(10, 2); // the first of a window: the time since the last window's is no gap
    assertThat(next.maxGapUs()).isZero();

    Thread.sleep(5);
    counter.delivered(10, 3);
    assertThat(next.maxGapUs()).isGreaterThanOrEqualTo(5_000);
  }
}
