package io.mmpipe.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static Ledger.Change c(String kind, String post) {
    return new Ledger.Change(kind, post, "u", kind.startsWith("reaction") ? "tada" : null, 7);
  }

  @Test
  void shouldMapEachChangeToItsUpdateId() {
    assertThat(c("post_created", "p").key()).isEqualTo("post_p");
    assertThat(c("reply_created", "p").key()).isEqualTo("post_p");
    assertThat(c("post_edited", "p").key()).isEqualTo("post_p_edited_7");
    assertThat(c("post_deleted", "p").key()).isEqualTo("post_p_deleted");
    assertThat(c("reaction_added", "p").key()).isEqualTo("reaction_p_u_tada_added");
    assertThat(Ledger.keyOf("reaction_p_u_tada_added_3")).isEqualTo("reaction_p_u_tada_added");
    assertThat(Ledger.keyOf("post_p_edited_7")).isEqualTo("post_p_edited_7");
  }

  @Test
  void shouldCountLostOnlyForChangesNotDeliveredAndNotSuperseded() {
    List<Ledger.Change> all = List.of(c("post_created", "a"), c("post_created", "b"), c("post_edited", "b"),
        c("post_deleted", "b"), c("post_created", "c"));
    // a delivered; b's creation and edit never, but b was deleted afterwards (superseded); c lost
    Ledger.Count n = Ledger.count(all, 0, all.size(), Map.of("post_a", 1, "post_b_deleted", 1));
    assertThat(n).isEqualTo(new Ledger.Count(5, 3, 2, 1, 2));
  }

  @Test
  void shouldCountReactionChangesByNumberNotByName() {
    List<Ledger.Change> all = List.of(c("reaction_added", "p"), c("reaction_removed", "p"),
        c("reaction_added", "p"));
    Map<String, Integer> oneAdd = Map.of("reaction_p_u_tada_added", 1, "reaction_p_u_tada_removed", 1);
    // the first add and the remove were superseded only if not delivered; two adds made, one delivered: the last
    // add has nothing after it, so it is lost
    assertThat(Ledger.count(all, 0, 3, oneAdd)).isEqualTo(new Ledger.Count(3, 3, 2, 1, 0));
    assertThat(Ledger.count(all, 0, 3, Map.of("reaction_p_u_tada_added", 2, "reaction_p_u_tada_removed", 1)))
        .isEqualTo(new Ledger.Count(3, 3, 3, 0, 0));
  }

  @Test
  void shouldCountAWindowWithoutTheDeliveriesOfEarlierChanges() {
    List<Ledger.Change> all = List.of(c("reaction_added", "p"), c("reaction_removed", "p"),
        c("reaction_added", "p"));
    // one add delivered in all: the earlier window's add takes it, so the window [2, 3) misses its own
    assertThat(Ledger.count(all, 2, 3, Map.of("reaction_p_u_tada_added", 1, "reaction_p_u_tada_removed", 1)))
        .isEqualTo(new Ledger.Count(1, 1, 0, 1, 0));
  }
}
