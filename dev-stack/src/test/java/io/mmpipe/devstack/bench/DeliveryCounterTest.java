package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.devkit.SseClient;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DeliveryCounterTest {

  @Test
  void shouldReadSendTimeFromData() {
    assertThat(DeliveryCounter.sentMicros("{\"data\":{\"post\":{\"id\":\"x\"},\"sent_us\":1763728000123456},\"e\":1}"))
        .isEqualTo(1763728000123456L);
  }

  @Test
  void shouldIgnoreDataThatCarriesNoSendTime() {
    assertThat(DeliveryCounter.sentMicros("{\"resource_uri\":\"mattermost://typing\"}")).isEqualTo(-1);
    assertThat(DeliveryCounter.sentMicros("{\"sent_us\":\"abc\"}")).isEqualTo(-1);
    assertThat(DeliveryCounter.sentMicros("")).isEqualTo(-1);
  }

  @Test
  void shouldCountDeliveriesAndMeasureOnlyThoseBeforeTheCutoff() {
    BenchClock clock = new BenchClock();
    Latency latency = new Latency();
    LongAdder delivered = new LongAdder();
    DeliveryCounter counter = new DeliveryCounter(clock,
        new AtomicReference<>(new DeliveryCounter.Window(latency, delivered, 100, 1_000)));

    counter.onEvent(new SseClient.Event("ready", "{}", null));
    counter.onEvent(new SseClient.Event("created", "{\"sent_us\":50}", "t0")); // an earlier window's
    counter.onEvent(new SseClient.Event("created", "{\"sent_us\":500}", "t1"));
    counter.onEvent(new SseClient.Event("created", "{\"sent_us\":2000}", "t2"));
    counter.onEvent(new SseClient.Event("created", "{\"no\":1}", "t3"));

    assertThat(counter.ready()).isTrue();
    assertThat(delivered.sum()).isEqualTo(2);
    assertThat(latency.summary().count()).isEqualTo(1);
  }

  @Test
  void shouldTakeTheWebSocketSubscribeAnswerAsReadyAndCountNothingBetweenWindows() {
    LongAdder delivered = new LongAdder();
    AtomicReference<DeliveryCounter.Window> window = new AtomicReference<>();
    DeliveryCounter counter = new DeliveryCounter(new BenchClock(), window);

    counter.onText("{\"event_type\":\"status\",\"id\":1,\"status\":\"subscribed\"}");
    counter.onText("{\"event_type\":\"update\",\"update\":{\"sent_us\":500}}");
    window.set(new DeliveryCounter.Window(new Latency(), delivered, 0, 1_000));
    counter.onText("{\"event_type\":\"update\",\"update\":{\"sent_us\":600}}");

    assertThat(counter.ready()).isTrue();
    assertThat(delivered.sum()).isEqualTo(1);
  }
}
