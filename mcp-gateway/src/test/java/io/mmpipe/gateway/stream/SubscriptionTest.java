package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Idle;
import io.mmpipe.gateway.stream.Subscription.Overflow;
import io.mmpipe.gateway.stream.Subscription.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  private static final String TOPIC = "t.mm.updates";
  private final InMemoryLog log = new InMemoryLog(3);
  private final UpdateRing ring = new UpdateRing(50);

  private UpdateStreams streams(int maxLag) {
    ring.init(new long[3]);
    return new UpdateStreams(ring, TOPIC, maxLag, log);
  }

  /** Appends n posts round-robin over partitions to the log and (when live) to the ring. */
  private void produce(int from, int n, boolean live) {
    List<UpdateEvent> batch = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      batch.add(log.append(i % 3, "c" + (i % 2), "p" + i));
    }
    if (live) {
      ring.append(batch);
    }
  }

  private static List<String> drain(Subscription s, List<String> tokens) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    while (true) {
      Signal sig = s.next(Duration.ZERO);
      if (sig instanceof Deliver d) {
        ids.add(d.event().update().getEventId());
        tokens.add(d.token());
      } else {
        return ids;
      }
    }
  }

  @Test
  void shouldDeliverLiveUpdatesFromTheTailOnly() throws Exception {
    UpdateStreams streams = streams(20);
    produce(0, 5, true);
    Subscription s = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    produce(5, 3, true);
    assertThat(drain(s, new ArrayList<>())).containsExactly("post_p5", "post_p6", "post_p7");
    assertThat(s.next(Duration.ofMillis(20))).isInstanceOf(Idle.class);
  }

  @Test
  void shouldAdvancePositionPastFilteredUpdates() throws Exception {
    UpdateStreams streams = streams(20);
    Subscription s = streams.open(new UpdateStreams.Live(), new SubscriptionFilter(
        java.util.Set.of(), java.util.Set.of("c0"), java.util.Set.of(), java.util.Set.of()), u -> true);
    produce(0, 6, true);
    List<String> tokens = new ArrayList<>();
    assertThat(drain(s, tokens)).containsExactly("post_p0", "post_p2", "post_p4");
    // after the last delivered (p4) the position also covers p5, which was filtered out
    long[] after = ResumeToken.decode(TOPIC, s.token(), 3);
    assertThat(after).containsExactly(2, 2, 2);
  }

  @Test
  void shouldResumeFromRingWithoutLossOrDuplicate() throws Exception {
    UpdateStreams streams = streams(20);
    Subscription first = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    produce(0, 7, true);
    List<String> tokens = new ArrayList<>();
    List<String> got = new ArrayList<>(drain(first, tokens).subList(0, 4)); // the client saw 4, then dropped
    produce(7, 5, true);
    Subscription second = streams.open(new UpdateStreams.FromToken(tokens.get(3)), SubscriptionFilter.ALL, u -> true);
    assertThat(second.catchingUp()).isFalse();
    got.addAll(drain(second, new ArrayList<>()));
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected(0, 12)).doesNotHaveDuplicates();
    assertThat(log.opened).isZero();
  }

  @Test
  void shouldCatchUpFromKafkaAndSwitchToLiveWithoutGapOrDuplicate() throws Exception {
    produce(0, 30, false); // before this instance started: only in the log
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 20, log);
    ring.init(new long[] {10, 10, 10});
    String oldToken = ResumeToken.encode(TOPIC, new long[] {2, 3, 1});
    produce(30, 40, true); // the ring (capacity 50) holds these 40
    Subscription s = streams.open(new UpdateStreams.FromToken(oldToken), SubscriptionFilter.ALL, u -> true);
    assertThat(s.catchingUp()).isTrue();
    List<String> got = new ArrayList<>();
    Signal sig;
    int rounds = 0;
    while (rounds++ < 1000) {
      sig = s.next(Duration.ofMillis(1));
      if (sig instanceof Deliver d) {
        got.add(d.event().update().getEventId());
        if (got.size() == 40) {
          produce(70, 6, true); // live traffic while catching up
        }
      } else if (sig instanceof Idle && !s.catchingUp()) {
        break;
      }
    }
    assertThat(s.catchingUp()).isFalse();
    List<String> expected = new ArrayList<>(expected(0, 76));
    expected.removeAll(List.of("post_p0", "post_p3", "post_p1", "post_p4", "post_p7", "post_p2")); // before the token
    assertThat(got).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldOverflowSlowSubscriberWithTokenOfWhatItHad() throws Exception {
    UpdateStreams streams = streams(10);
    Subscription slow = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    Subscription fast = streams.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> true);
    produce(0, 3, true);
    List<String> slowTokens = new ArrayList<>();
    assertThat(drain(slow, slowTokens)).hasSize(3);
    List<String> fastGot = new ArrayList<>(drain(fast, new ArrayList<>()));
    for (int i = 3; i < 40; i += 4) {
      produce(i, 4, true);
      fastGot.addAll(drain(fast, new ArrayList<>()));
    }
    Signal sig = slow.next(Duration.ZERO);
    assertThat(sig).isInstanceOf(Overflow.class);
    assertThat(sig.token()).isEqualTo(slowTokens.get(2));
    assertThat(slow.next(Duration.ZERO)).isInstanceOf(Overflow.class); // final
    assertThat(fastGot).containsExactlyElementsOf(expected(0, 43));
  }

  @Test
  void shouldStartFromEarliestThroughCatchUp() throws Exception {
    produce(0, 9, false);
    ring.init(new long[] {3, 3, 3});
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 20, log);
    Subscription s = streams.open(new UpdateStreams.Earliest(), SubscriptionFilter.ALL, u -> true);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      if (s.next(Duration.ofMillis(1)) instanceof Deliver d) {
        got.add(d.event().update().getEventId());
      }
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected(0, 9));
    assertThat(s.catchingUp()).isFalse();
  }

  private static List<String> expected(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add("post_p" + i);
    }
    return ids;
  }

}
