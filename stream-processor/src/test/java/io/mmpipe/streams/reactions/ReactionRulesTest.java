package io.mmpipe.streams.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Reaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules without Kafka: boundaries of the stale checks, and the state they leave. */
class ReactionRulesTest {

  private static Reaction r(String user, long createAt) {
    return Reaction.newBuilder().setPostId("p").setUserId(user).setEmojiName("e").setCreateAt(createAt).build();
  }

  private static ReactionSet with(ReactionSet.State s, long snapshotAt) {
    return ReactionSet.empty().with(s).withSnapshotAt(snapshotAt);
  }

  @Test
  void shouldReturnTheSameSetAndNoChangeForAChangeAlreadyApplied() {
    ReactionSet set = with(new ReactionSet.State("u", "e", true, 1, 100, 100), 0);
    ReactionRules.Outcome o = ReactionRules.event(set, r("u", 100), true, 200, true);
    assertThat(o.next()).isSameAs(set);
    assertThat(o.changes()).isEmpty();
  }

  @Test
  void shouldApplyAChangeAtExactlyTheSnapshotOrLastChangeTimeButNotBefore() {
    ReactionSet set = with(new ReactionSet.State("u", "e", false, 2, 300, 100), 300);
    assertThat(ReactionRules.event(set, r("u", 300), true, 300, true).changes()).hasSize(1);
    ReactionRules.Outcome stale = ReactionRules.event(set, r("u", 299), true, 299, true);
    assertThat(stale.changes()).isEmpty();
    assertThat(stale.next()).isSameAs(set);
    // the ingestor's clock cannot be compared with Mattermost's: no stale check then
    assertThat(ReactionRules.event(set, r("u", 0), true, 299, false).changes()).hasSize(1);
    ReactionSet older = with(new ReactionSet.State("u", "e", false, 2, 300, 100), 100);
    assertThat(ReactionRules.event(older, r("u", 299), true, 299, true).changes()).isEmpty();
  }

  @Test
  void shouldNumberChangesAndKeepCreateAtForARemoval() {
    ReactionRules.Outcome added = ReactionRules.event(ReactionSet.empty(), r("u", 100), true, 100, true);
    assertThat(added.changes()).singleElement().satisfies(c -> {
      assertThat(c.n()).isEqualTo(1);
      assertThat(c.added()).isTrue();
      assertThat(c.at()).isEqualTo(100);
    });
    ReactionSet.State s = added.next().get("u", "e");
    assertThat(s.createAt()).isEqualTo(100);
    assertThat(s.changedAt()).isEqualTo(100);
    Reaction removal = Reaction.newBuilder(r("u", 0)).setDeleteAt(200).build();
    ReactionRules.Outcome removed = ReactionRules.event(added.next(), removal, false, 200, true);
    assertThat(removed.changes()).singleElement().satisfies(c -> assertThat(c.n()).isEqualTo(2));
    assertThat(removed.next().get("u", "e").createAt()).as("kept from the add").isEqualTo(100);
    assertThat(removed.next().get("u", "e").present()).isFalse();
    ReactionRules.Outcome removedUnknown = ReactionRules.event(
        with(new ReactionSet.State("x", "y", true, 0, 0, 0), 0), removal, false, 200, true);
    assertThat(removedUnknown.changes()).isEmpty();
  }

  @Test
  void shouldApplyASnapshotAtExactlyTheLastOneButIgnoreAnOlderOne() {
    ReactionSet set = ReactionSet.empty().withSnapshotAt(500);
    ReactionRules.Outcome same = ReactionRules.snapshot(set, "p", List.of(r("u", 400)), 500, 0);
    assertThat(same.changes()).hasSize(1);
    ReactionRules.Outcome older = ReactionRules.snapshot(set, "p", List.of(r("u", 400)), 499, 0);
    assertThat(older.changes()).isEmpty();
    assertThat(older.next()).isSameAs(set);
    assertThat(same.next().snapshotAt()).isEqualTo(500);
  }

  @Test
  void shouldLetASnapshotChangeAReactionOnlyAtOrAfterItsLastChange() {
    ReactionSet removedAt300 = with(new ReactionSet.State("u", "e", false, 2, 300, 100), 0);
    assertThat(ReactionRules.snapshot(removedAt300, "p", List.of(r("u", 100)), 299, 0).changes()).isEmpty();
    ReactionRules.Outcome readded = ReactionRules.snapshot(removedAt300, "p", List.of(r("u", 100)), 300, 0);
    assertThat(readded.changes()).singleElement().satisfies(c -> {
      assertThat(c.n()).isEqualTo(3);
      assertThat(c.at()).as("never before the last change").isEqualTo(300);
    });
    ReactionSet addedAt300 = with(new ReactionSet.State("u", "e", true, 1, 300, 300), 0);
    assertThat(ReactionRules.snapshot(addedAt300, "p", List.of(), 299, 0).changes()).isEmpty();
    ReactionRules.Outcome gone = ReactionRules.snapshot(addedAt300, "p", List.of(), 300, 0);
    assertThat(gone.changes()).singleElement().satisfies(c -> {
      assertThat(c.added()).isFalse();
      assertThat(c.reaction().getCreateAt()).isEqualTo(300);
      assertThat(c.reaction().getDeleteAt()).isEqualTo(300);
      assertThat(c.at()).isEqualTo(300);
    });
    assertThat(ReactionRules.snapshot(addedAt300, "p", List.of(r("u", 300)), 400, 0).changes())
        .as("present and still present").isEmpty();
  }

  @Test
  void shouldReportAReactionWithoutCreateAtAtTheSnapshotTimeAndEachReactionOnce() {
    ReactionRules.Outcome o = ReactionRules.snapshot(ReactionSet.empty(), "p", List.of(r("u", 0), r("u", 0)), 700,
        0);
    assertThat(o.changes()).singleElement().satisfies(c -> assertThat(c.at()).isEqualTo(700));
  }

  @Test
  void shouldRecordReactionsOlderThanWhatItRemembersWithoutReportingThem() {
    ReactionRules.Outcome o = ReactionRules.snapshot(ReactionSet.empty(), "p", List.of(r("old", 99), r("new", 100)),
        500, 100);
    assertThat(o.changes()).extracting(c -> c.reaction().getUserId()).containsExactly("new");
    assertThat(o.next().get("old", "e").present()).isTrue();
    assertThat(o.next().get("old", "e").changes()).isZero();
    assertThat(ReactionRules.snapshot(ReactionSet.empty(), "p", List.of(r("nocreate", 0)), 500, 100).changes())
        .as("no create_at: cannot be judged old").hasSize(1);
  }
}
