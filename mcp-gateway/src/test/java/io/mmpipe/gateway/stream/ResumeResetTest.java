package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Reset;
import io.mmpipe.gateway.stream.Subscription.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A token outside the log opens with a reset signal, then the stream goes on from the restart point. */
class ResumeResetTest {

  private static final String TOPIC = "t.mm.updates";
  private static final int EPOCH = 42;
  private final InMemoryLog log = new InMemoryLog(1);
  private final UpdateRing ring = new UpdateRing(50);
  private long logStart;
  private int boundsAsked;

  private final LogExtent extent = new LogExtent() {
    @Override
    public int epoch() {
      return EPOCH;
    }

    @Override
    public Bounds bounds(int partitions) {
      boundsAsked++;
      return new Bounds(EPOCH, new long[] {logStart}, new long[] {log.partitions.get(0).size()});
    }
  };

  private UpdateStreams streams() {
    for (int i = 0; i < 10; i++) {
      log.append(0, "c1", "p" + i); // written before this instance started: not in the ring
    }
    ring.init(new long[] {10});
    return new UpdateStreams(ring, TOPIC, 20, log, extent);
  }

  private static List<Signal> drain(Subscription s) throws InterruptedException {
    List<Signal> out = new ArrayList<>();
    for (int rounds = 0; rounds < 100; rounds++) {
      Signal sig = s.next(Duration.ofMillis(1));
      if (sig instanceof Deliver || sig instanceof Reset) {
        out.add(sig);
      } else if (!s.catchingUp()) {
        break;
      }
    }
    return out;
  }

  @Test
  void shouldAnnounceWhatRetentionDeletedThenDeliverFromTheLogStart() throws Exception {
    UpdateStreams streams = streams();
    logStart = 6;

    Subscription s = streams.open(new UpdateStreams.FromToken(ResumeToken.encode(TOPIC, EPOCH, new long[] {2})),
        SubscriptionFilter.ALL, u -> true);
    List<Signal> got = drain(s);

    Reset reset = (Reset) got.get(0);
    assertThat(reset.gap().cause()).isEqualTo(ResumeGap.Cause.RETENTION);
    assertThat(reset.gap().lost()).containsExactly(new ResumeGap.Lost(0, 2, 6L));
    assertThat(ResumeToken.decode(TOPIC, reset.token(), 1)).containsExactly(6);
    assertThat(got.subList(1, got.size())).extracting(g -> ((Deliver) g).event().update().getEventId())
        .containsExactly("post_p6", "post_p7", "post_p8", "post_p9");
  }

  @Test
  void shouldAnnounceARecreatedTopicThenDeliverTheNewTopicFromItsStart() throws Exception {
    UpdateStreams streams = streams();

    Subscription s = streams.open(new UpdateStreams.FromToken(ResumeToken.encode(TOPIC, 7, new long[] {4})),
        SubscriptionFilter.ALL, u -> true);
    List<Signal> got = drain(s);

    Reset reset = (Reset) got.get(0);
    assertThat(reset.gap().cause()).isEqualTo(ResumeGap.Cause.TOPIC_RECREATED);
    assertThat(got).hasSize(11);
    assertThat(ResumeToken.read(TOPIC, s.token(), 1).epoch()).as("new tokens carry this topic's epoch")
        .isEqualTo(EPOCH);
  }

  @Test
  void shouldNotAskTheBrokerForATokenTheRingCovers() throws Exception {
    UpdateStreams streams = streams();
    ring.append(List.of(log.append(0, "c1", "p10"), log.append(0, "c1", "p11")));

    Subscription s = streams.open(new UpdateStreams.FromToken(ResumeToken.encode(TOPIC, EPOCH, new long[] {11})),
        SubscriptionFilter.ALL, u -> true);

    assertThat(drain(s)).extracting(g -> ((Deliver) g).event().update().getEventId()).containsExactly("post_p11");
    assertThat(boundsAsked).isZero();
  }

  @Test
  void shouldAskTheBrokerForATokenAheadOfWhatThisInstanceRead() throws Exception {
    UpdateStreams streams = streams();

    Subscription s = streams.open(new UpdateStreams.FromToken(ResumeToken.encode(TOPIC, new long[] {25})),
        SubscriptionFilter.ALL, u -> true);

    assertThat(boundsAsked).isEqualTo(1);
    assertThat(((Reset) s.next(Duration.ZERO)).gap().cause()).isEqualTo(ResumeGap.Cause.TOPIC_RECREATED);
  }
}
