package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.devkit.SseClient;
import java.util.concurrent.atomic.AtomicLong;
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
    AtomicLong cutoff = new AtomicLong(1_000);
    DeliveryCounter counter = new DeliveryCounter(clock, latency, cutoff, delivered);

    counter.onEvent(new SseClient.Event("ready", "{}", null));
    counter.onEvent(new SseClient.Event("created", "{\"sent_us\":500}", "t1"));
    counter.onEvent(new SseClient.Event("created", "{\"sent_us\":2000}", "t2"));
    counter.onEvent(new SseClient.Event("created", "{\"no\":1}", "t3"));

    assertThat(counter.ready()).isTrue();
    assertThat(delivered.sum()).isEqualTo(2);
    assertThat(latency.summary().count()).isEqualTo(1);
  }
}
