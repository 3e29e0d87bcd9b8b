package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  /** One record per fetch in partition 0, offsets 0, 1, 2, ...; fails at {@code failAt} when given. */
  private static final class Counting implements ReadAhead.Fetch {
    final AtomicInteger fetched = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final int failAt;

    Counting(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public ReadAhead.Batch fetch(Duration timeout) {
      int n = fetched.getAndIncrement();
      if (n == failAt) {
        throw new IllegalStateException("broker gone");
      }
      return new ReadAhead.Batch(List.of(new UpdateEvent(-1, 0, n, null, null)), new long[] {n + 1}, null);
    }

    @Override
    public void wakeup() {}

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void shouldFetchAtMostDepthBatchesAheadOfASubscriberThatDoesNotTake() throws Exception {
    Counting fetch = new Counting(-1);
    ReadAhead r = new ReadAhead(fetch, 3);
    Thread.sleep(300);
    // three queued and one in hand, waiting for room
    assertThat(r.queued()).isEqualTo(3);
    assertThat(fetch.fetched.get()).isEqualTo(4);
    assertThat(r.position(0)).isEqualTo(-1); // nothing handed over yet
    assertThat(r.poll(Duration.ofSeconds(1))).extracting(UpdateEvent::offset).containsExactly(0L);
    assertThat(r.position(0)).isEqualTo(1);
    r.close();
    assertThat(fetch.closed).isTrue();
    assertThat(r.queued()).isZero();
  }

  @Test
  void shouldHandOverEveryBatchInOrderThenTheFailure() {
    ReadAhead r = new ReadAhead(new Counting(5), 2);
    List<Long> offsets = new ArrayList<>();
    assertThatThrownBy(() -> {
      while (true) {
        r.poll(Duration.ofSeconds(1)).forEach(e -> offsets.add(e.offset()));
      }
    }).hasMessage("broker gone");
    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(r.position(0)).isEqualTo(5);
    r.close();
  }

  @Test
  void shouldReportALostRangeWithTheBatchAfterIt() {
    ResumeGap lost = new ResumeGap(ResumeGap.Cause.RETENTION, List.of(new ResumeGap.Lost(0, 0, 7L)), new long[] {7});
    AtomicInteger n = new AtomicInteger();
    ReadAhead r = new ReadAhead(new ReadAhead.Fetch() {
      @Override
      public ReadAhead.Batch fetch(Duration timeout) {
        return n.getAndIncrement() == 0
            ? new ReadAhead.Batch(List.of(), new long[] {7}, lost)
            : new ReadAhead.Batch(List.of(), new long[] {7}, null); // idle: nothing to hand over
      }

      @Override
      public void wakeup() {}

      @Override
      public void close() {}
    }, 2);
    assertThat(r.poll(Duration.ofSeconds(1))).isEmpty();
    assertThat(r.takeGap()).isSameAs(lost);
    assertThat(r.takeGap()).isNull();
    assertThat(r.position(0)).isEqualTo(7);
    assertThat(r.poll(Duration.ofMillis(300))).isEmpty();
    assertThat(r.queued()).isZero(); // idle fetches that moved nothing are not queued
    r.close();
  }
}
