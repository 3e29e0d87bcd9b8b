package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.stream.Subscription.Deliver;
import io.mmpipe.gateway.stream.Subscription.Reset;
import io.mmpipe.gateway.stream.Subscription.Signal;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention deleting records while a subscriber catches up from Kafka: a reset mid-stream, not a silent jump. */
class CatchUpRetentionIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  @Test
  void shouldResetWithTheLostRangeWhenRetentionOvertakesACatchUp() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    String name = topics.updates().name();
    harness.publishPosts(topics, "r", 10);
    KafkaCatchUpSource source = harness.track(new KafkaCatchUpSource(new HashMap<>(KAFKA.kafka().clientProperties()),
        name, () -> { }));
    assertThat(source.bounds(1).start()).containsExactly(0);
    assertThat(source.bounds(1).end()).containsExactly(10);
    UpdateRing ring = new UpdateRing(50);
    ring.init(new long[] {10}); // this instance started after the records: a token at 2 needs a catch-up
    UpdateStreams streams = new UpdateStreams(ring, name, 20, source, source);
    Subscription s = harness.track(streams.open(new UpdateStreams.FromToken(streams.tokens().encode(new long[] {2})),
        SubscriptionFilter.ALL, u -> true));
    assertThat(s.catchingUp()).isTrue();

    // the reader is open at offset 2 and has fetched nothing yet; now the log start passes it
    harness.deleteUpdatesBefore(topics, 6);
    List<Signal> got = signals(s, 5);

    assertThat(got.get(0)).as("a reset before the first record after the gap").isInstanceOf(Reset.class);
    Reset reset = (Reset) got.get(0);
    assertThat(reset.gap().cause()).isEqualTo(ResumeGap.Cause.RETENTION);
    assertThat(reset.gap().lost()).containsExactly(new ResumeGap.Lost(0, 2, 6L));
    assertThat(ResumeToken.decode(name, reset.token(), 1)).containsExactly(6);
    assertThat(got.subList(1, got.size())).extracting(g -> ((Deliver) g).event().update().getEventId())
        .containsExactly("post_r6", "post_r7", "post_r8", "post_r9");
  }

  @Test
  void shouldStartFromTheOldestRecordStillHeldWithoutAResetForEarliest() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    String name = topics.updates().name();
    harness.publishPosts(topics, "e", 5);
    harness.deleteUpdatesBefore(topics, 3);
    KafkaCatchUpSource source = harness.track(new KafkaCatchUpSource(new HashMap<>(KAFKA.kafka().clientProperties()),
        name, () -> { }));
    UpdateRing ring = new UpdateRing(50);
    ring.init(new long[] {5});
    Subscription s = harness.track(new UpdateStreams(ring, name, 20, source, source)
        .open(new UpdateStreams.Earliest(), SubscriptionFilter.ALL, u -> true));

    List<Signal> got = signals(s, 2);
    assertThat(got).allMatch(g -> g instanceof Deliver).extracting(g -> ((Deliver) g).event().update().getEventId())
        .containsExactly("post_e3", "post_e4");
  }

  /** The next {@code n} deliveries and resets (idle signals skipped), waiting at most 60 s. */
  private static List<Signal> signals(Subscription s, int n) throws InterruptedException {
    List<Signal> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < n && System.nanoTime() < deadline) {
      Signal sig = s.next(Duration.ofMillis(500));
      if (sig instanceof Deliver || sig instanceof Reset) {
        got.add(sig);
      }
    }
    return got;
  }
}
