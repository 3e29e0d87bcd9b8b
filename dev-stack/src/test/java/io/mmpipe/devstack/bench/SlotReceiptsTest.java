package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.sim.load.LoadStamp;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How the end-to-end section turns stamped posts and their receipts into an open-model latency. */
class SlotReceiptsTest {

  private static final long SINCE = 1_000_000_000L;
  private static final long INTERVAL_NANOS = 1_000_000; // 1,000 posts/s

  private static LoadStamp slot(int k, long lateMicros) {
    return new LoadStamp(k, SINCE + 10 + k * 1_000L, lateMicros);
  }

  @Test
  void shouldMeasureFromTheSlotSoTheGeneratorsLatenessCounts() {
    SlotReceipts r = new SlotReceipts(SINCE, 4);
    r.record(slot(0, 0), SINCE + 10 + 5_000);
    r.record(slot(1, 150_000), SINCE + 10 + 1_000 + 200_000); // made 150 ms late, received 200 ms after its slot
    r.record(slot(2, 0), SINCE + 10 + 2_000 + 7_000);
    r.record(slot(3, 0), SINCE + 10 + 3_000 + 9_000);
    assertThat(r.allFrom(0)).isTrue();
    assertThat(r.lateFrom(0, 100_000)).isEqualTo(1);
    Histogram h = r.latency(1, 0, INTERVAL_NANOS);
    assertThat(h.getTotalCount()).isEqualTo(3); // slot 0 is warm-up
    // HdrHistogram at 3 significant digits: a value is kept to within 0.1%
    assertThat(h.getMaxValue()).isBetween(199_800L, 200_200L);
    assertThat(h.getMinValue()).isBetween(6_990L, 7_010L);
  }

  @Test
  void shouldKeepTheFirstReceiptAndIgnoreEarlierLoadsAndSlotsPastTheEnd() {
    SlotReceipts r = new SlotReceipts(SINCE, 2);
    r.record(new LoadStamp(0, SINCE - 1, 0), SINCE + 50); // an earlier load's slot 0
    assertThat(r.received()).isZero();
    r.record(slot(0, 0), SINCE + 10 + 4_000);
    r.record(slot(0, 0), SINCE + 10 + 90_000); // a second copy
    r.record(slot(2, 0), SINCE + 10 + 2_000); // past the end: a fixed size whatever arrives
    assertThat(r.received()).isEqualTo(1);
    assertThat(r.latency(0, SINCE + 10 + 1_000 + 30_000, INTERVAL_NANOS).getMinValue()).isBetween(3_990L, 4_010L);
  }

  @Test
  void shouldCountAPostNeverReceivedFromItsSlotToTheEndOfTheWait() {
    SlotReceipts r = new SlotReceipts(SINCE, 3);
    r.record(slot(0, 0), SINCE + 10 + 1_000);
    r.record(slot(2, 0), SINCE + 10 + 2_000 + 1_000);
    assertThat(r.allFrom(0)).isFalse();
    assertThat(r.missingFrom(0)).isEqualTo(1);
    assertThat(r.missingFrom(2)).isZero();
    long end = SINCE + 10 + 1_000 + 30_000_000; // slot 1 was due at SINCE + 10 + 1,000
    assertThat(r.latency(0, end, INTERVAL_NANOS).getMaxValue()).isBetween(29_950_000L, 30_050_000L);
  }

  @Test
  void shouldCountEverySlotAtTheMostWhenNothingArrived() {
    SlotReceipts r = new SlotReceipts(SINCE, 5);
    Histogram h = r.latency(0, SINCE + 1, INTERVAL_NANOS);
    assertThat(h.getTotalCount()).isEqualTo(5);
    assertThat(h.getMinValue()).isGreaterThanOrEqualTo(SlotReceipts.MAX_MICROS - SlotReceipts.MAX_MICROS / 500);
  }

  @Test
  void shouldTimeEachHopOverTheSlotsBothEndsSaw() {
    SlotReceipts raw = new SlotReceipts(SINCE, 3);
    SlotReceipts sse = new SlotReceipts(SINCE, 3);
    raw.record(slot(0, 0), SINCE + 10 + 2_000); // warm-up
    raw.record(slot(1, 0), SINCE + 10 + 1_000 + 3_000);
    raw.record(slot(2, 0), SINCE + 10 + 2_000 + 5_000);
    sse.record(slot(1, 0), SINCE + 10 + 1_000 + 3_000 + 40_000);
    Histogram fromSlot = SlotReceipts.between(null, raw, 1);
    assertThat(fromSlot.getTotalCount()).isEqualTo(2);
    assertThat(fromSlot.getMaxValue()).isBetween(4_990L, 5_010L);
    Histogram hop = SlotReceipts.between(raw, sse, 1);
    assertThat(hop.getTotalCount()).isEqualTo(1); // slot 2 never reached the client
    assertThat(hop.getMaxValue()).isBetween(39_950L, 40_050L);
  }
}
