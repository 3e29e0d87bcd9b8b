package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Reset;
import io.mmpipe.gateway.stream.Subscription.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's reset markers in the ring: a live subscriber passing one gets a {@link Reset} with its own lost range
 * and continues; the ring vouches for no position the marker says is lost, and after a recreated topic's marker it
 * searches only the new topic's events.
 */
class RingResetTest {

  private static final String TOPIC = "t.mm.updates";
  private final InMemoryLog log = new InMemoryLog(1);

  private static ResumeGap retention(long from, long to) {
    return new ResumeGap(ResumeGap.Cause.RETENTION, List.of(new ResumeGap.Lost(0, from, to)), new long[] {to});
  }

  private static ResumeGap recreated(long from) {
    return new ResumeGap(ResumeGap.Cause.TOPIC_RECREATED, List.of(new ResumeGap.Lost(0, from, null)),
        new long[] {0});
  }

  /** Appends posts with the given offsets (a fresh log numbers from 0; offsets past it are written as gaps). */
  private List<UpdateEvent> posts(String prefix, long from, int n) {
    List<UpdateEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UpdateEvent e = log.append(0, "c1", prefix + i);
      out.add(new UpdateEvent(-1, 0, from + i, e.update(), e.json()));
    }
    return out;
  }

  private static List<Signal> drain(Subscription s) throws InterruptedException {
    List<Signal> out = new ArrayList<>();
    while (true) {
      Signal sig = s.next(Duration.ZERO);
      if (sig instanceof Deliver || sig instanceof Reset) {
        out.add(sig);
      } else {
        return out;
      }
    }
  }

  private static String id(Signal s) {
    return s instanceof Deliver d ? d.event().update().getEventId() : "reset";
  }

  @Test
  void shouldResetLiveSubscribersPastRecordsRetentionDeletedAndVouchForNoPositionInsideThem() throws Exception {
    UpdateRing ring = new UpdateRing(100);
    ring.init(new long[1]);
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 50, log);
    ring.append(posts("a", 0, 3));
    Subscription behind = streams.open(new UpdateStreams.Earliest(), SubscriptionFilter.ALL, u -> true);
    assertThat(drain(behind)).hasSize(3);
    ring.append(List.of(UpdateEvent.marker(retention(3, 9), ResumeToken.NO_EPOCH)));
    ring.append(posts("b", 9, 2));

    List<Signal> got = drain(behind);
    assertThat(got).extracting(RingResetTest::id).containsExactly("reset", "post_b0", "post_b1");
    Reset reset = (Reset) got.get(0);
    assertThat(reset.gap().lost()).containsExactly(new ResumeGap.Lost(0, 3, 9L));
    assertThat(ResumeToken.decode(TOPIC, reset.token(), 1)).containsExactly(9);
    assertThat(ring.current()).containsExactly(11);
    assertThat(ring.cursorFor(new long[] {5}, 50)).as("inside the lost range").isEmpty();
    assertThat(ring.cursorFor(new long[] {10}, 50)).isEqualTo(OptionalLong.of(5)); // a0-a2, marker, b0 | b1
  }

  @Test
  void shouldNotResetASubscriberThatAlreadyPassedEverythingRetentionDeleted() throws Exception {
    UpdateRing ring = new UpdateRing(100);
    ring.init(new long[] {7});
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 50, log);
    Subscription ahead = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    ring.append(List.of(UpdateEvent.marker(retention(3, 7), ResumeToken.NO_EPOCH)));
    ring.append(posts("b", 7, 1));
    assertThat(drain(ahead)).extracting(RingResetTest::id).containsExactly("post_b0");
  }

  @Test
  void shouldSearchOnlyTheNewTopicAfterARecreationAndSwitchLiveSubscribersToItsEpoch() throws Exception {
    UpdateRing ring = new UpdateRing(12);
    ring.init(new long[1]);
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 11, log);
    Subscription live = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    ring.append(posts("old", 0, 8));
    assertThat(drain(live)).hasSize(8);
    ring.append(List.of(UpdateEvent.marker(recreated(8), 77)));
    ring.append(posts("new", 0, 3)); // the ring is full now

    List<Signal> got = drain(live);
    assertThat(got).extracting(RingResetTest::id).containsExactly("reset", "post_new0", "post_new1", "post_new2");
    assertThat(((Reset) got.get(0)).gap().cause()).isEqualTo(ResumeGap.Cause.TOPIC_RECREATED);
    for (Signal s : got) {
      assertThat(ResumeToken.read(TOPIC, s.token(), 1).epoch()).as("tokens after the marker").isEqualTo(77);
    }
    assertThat(ring.current()).containsExactly(3);
    // offset 1 of the new topic is new1 (seq 10), not old1: the old incarnation is neither searched nor evicted
    assertThat(ring.cursorFor(new long[] {1}, 11)).isEqualTo(OptionalLong.of(10));
    ring.append(posts("new", 3, 2)); // evicts old0 and old1 (offsets 0, 1 of the old topic)
    assertThat(ring.cursorFor(new long[] {1}, 11)).isEqualTo(OptionalLong.of(10));
  }
}
