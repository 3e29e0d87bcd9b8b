package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void shouldCountByTheSecondOfReceiptAndKeepTheWorstLatency() {
    Timeline t = new Timeline(1_000_000, 3);

    t.record(1_000_000, 5_000);
    t.record(1_999_999, 7_000);
    t.record(2_000_000, 3_000);

    assertThat(t.count(0)).isEqualTo(2);
    assertThat(t.maxLatencyUs(0)).isEqualTo(7_000);
    assertThat(t.count(1)).isEqualTo(1);
    assertThat(t.csv()).startsWith("second,delivered,max_latency_ms\n0,2,7.0\n1,1,3.0\n2,0,0.0\n");
  }

  @Test
  void shouldStayBoundedByCountingLateAndEarlyReceiptsInTheEdgeSeconds() {
    Timeline t = new Timeline(10_000_000, 2);

    t.record(3_600_000_000L, 1); // an hour late
    t.record(0, 1); // before the start

    assertThat(t.seconds()).isEqualTo(2);
    assertThat(t.count(0)).isEqualTo(1);
    assertThat(t.count(1)).isEqualTo(1);
    assertThatThrownBy(() -> new Timeline(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCountGapsOfASecondOrMore() {
    Timeline t = new Timeline(0, 1);

    t.gap(100_000);
    t.gap(999_999);
    t.gap(1_000_000);
    t.gap(6_000_000);

    assertThat(t.longGaps()).isEqualTo(2);
    assertThat(t.maxGapUs()).isEqualTo(6_000_000);
    assertThat(t.summary(1)).contains("longest gap of one subscriber 6000 ms, 2 gaps >= 1 s");
  }
}
