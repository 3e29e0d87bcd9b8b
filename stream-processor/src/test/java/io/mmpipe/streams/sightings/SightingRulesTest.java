package io.mmpipe.streams.sightings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Matching copies of id-less changes across ingestors, without Kafka. */
class SightingRulesTest {

  private static final long W = 10_000;

  private static SightingRules.Outcome see(Sightings s, String value, boolean stateful, long at, String ingestor,
      String frame) {
    return SightingRules.observe(s, value, stateful, at, ingestor, frame, W);
  }

  @Test
  void shouldMatchACopyWithinTheWindowInclusiveAndNotBeyond() {
    Sightings s = see(Sightings.empty(), "away", true, 1000, "a", "ca#1").next();
    SightingRules.Outcome atEdge = see(s, "away", true, 1000 + W, "b", "cb#1");
    assertThat(atEdge.n()).isZero();
    assertThat(atEdge.next().recent().getFirst().seenBy()).containsExactly("a", "b");
    assertThat(atEdge.next().recent().getFirst().frames()).containsExactly("ca#1", "cb#1");
    assertThat(atEdge.next().lastSeenAt()).isEqualTo(1000 + W);
    Sightings stateless = see(Sightings.empty(), "", false, 1000, "a", null).next();
    assertThat(see(stateless, "", false, 1000 + W + 1, "b", null).n()).isEqualTo(2);
    assertThat(see(stateless, "", false, 1000 - W, "b", null).n()).as("earlier clock").isZero();
    assertThat(see(stateless, "", false, 1000 - W - 1, "b", null).n()).isEqualTo(2);
  }

  @Test
  void shouldNotMatchADifferentValueOrTheSameIngestor() {
    Sightings s = see(Sightings.empty(), "r1", false, 1000, "a", null).next();
    assertThat(see(s, "r2", false, 1001, "b", null).n()).isEqualTo(2);
    assertThat(see(s, "r1", false, 1001, "a", null).n()).isEqualTo(2);
    SightingRules.Outcome copy = see(s, "r1", false, 1001, "b", null);
    assertThat(copy.n()).isZero();
    assertThat(copy.next().recent().getFirst().frames()).isEmpty();
  }

  @Test
  void shouldReportAStateOnlyWhenItChangesButRememberTheRepeat() {
    SightingRules.Outcome first = see(Sightings.empty(), "away", true, 1000, "a", null);
    assertThat(first.n()).isEqualTo(1);
    assertThat(first.next().current()).isEqualTo("away");
    assertThat(first.next().changes()).isEqualTo(1);
    SightingRules.Outcome repeat = see(first.next(), "away", true, 2000, "a", null);
    assertThat(repeat.n()).isZero();
    assertThat(repeat.next().changes()).isEqualTo(1);
    assertThat(repeat.next().recent()).hasSize(2);
    assertThat(repeat.next().recent().getLast().n()).isZero();
    SightingRules.Outcome online = see(repeat.next(), "online", true, 3000, "a", null);
    assertThat(online.n()).isEqualTo(2);
    assertThat(online.next().lastSeenAt()).isEqualTo(3000);
  }

  @Test
  void shouldDropAFrameReadTwice() {
    SightingRules.Outcome first = see(Sightings.empty(), "", false, 1000, "a", "c#5");
    SightingRules.Outcome again = see(first.next(), "", false, 1500, "a", "c#5");
    assertThat(again.n()).isZero();
    assertThat(again.next()).isSameAs(first.next());
  }

  @Test
  void shouldForgetChangesOutsideTheWindowAndKeepAtMostTheLimit() {
    Sightings s = Sightings.empty();
    for (int i = 0; i < Sightings.MAX_RECENT + 5; i++) {
      s = see(s, "", false, 1000 + i, "a", null).next();
    }
    assertThat(s.recent()).hasSize(Sightings.MAX_RECENT);
    assertThat(s.recent().getLast().n()).isEqualTo(Sightings.MAX_RECENT + 5);
    Sightings later = see(s, "", false, 1000 + W + 100, "a", null).next();
    assertThat(later.recent()).hasSize(1);
    Sightings edge = see(s, "", false, 1000 + Sightings.MAX_RECENT + 4 + W, "a", null).next();
    assertThat(edge.recent()).as("a change exactly one window old is kept").hasSize(2);
    assertThat(Sightings.empty().seenAt(5).lastSeenAt()).isEqualTo(5);
  }
}
