package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.reactions.ReactionSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReactionTopologyTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldAddOnlyWhenAbsentAndRemoveOnlyWhenPresent() {
    Reaction thumbs = Events.reaction("p1", "u1", "+1", T0 + 100);
    h.pipe(Events.reactionAdded(thumbs, T0 + 101));
    h.pipe(Events.reactionAdded(thumbs, T0 + 102)); // second connection's copy
    Reaction removed = Reaction.newBuilder(Events.reaction("p1", "u1", "+1", T0 + 100)).setDeleteAt(T0 + 200)
        .setUpdateAt(T0 + 200).build();
    h.pipe(Events.reactionRemoved(removed, T0 + 201));
    h.pipe(Events.reactionRemoved(removed, T0 + 202));
    h.pipe(Events.reactionRemoved(Events.reaction("p1", "u2", "smile", 0), T0 + 203)); // never added

    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId)
        .containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u1_+1_removed_2");
    assertThat(out).extracting(ResourceUpdate::getUpdateType).containsExactly("reaction_added", "reaction_removed");
    assertThat(out).allSatisfy(u -> assertThat(u.getResourceUri()).isEqualTo("mattermost://reactions"));
  }

  @Test
  void shouldNumberEachChangeOfAReactionSoReAddingGetsANewId() {
    Reaction r = Events.reaction("p1", "u1", "+1", T0 + 100);
    h.pipe(Events.reactionAdded(r, T0 + 101));
    h.pipe(Events.reactionRemoved(Reaction.newBuilder(r).setDeleteAt(T0 + 200).build(), T0 + 201));
    h.pipe(Events.reactionAdded(Events.reaction("p1", "u1", "+1", T0 + 300), T0 + 301));
    assertThat(h.ids()).containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u1_+1_removed_2",
        "reaction_p1_u1_+1_added_3");
  }

  @Test
  void shouldWriteReactionDataAsObjectWithRequiredFields() {
    h.pipe(Events.reactionAdded(Events.reaction("p1", "u1", "tada", T0 + 100), T0 + 101));
    ResourceUpdate u = h.updates().get(0);
    JsonNode data = ResourceUpdateJson.read(u.getDataJson());
    assertThat(data.get("reaction").isObject()).isTrue();
    assertThat(data.get("reaction").get("emoji_name").asText()).isEqualTo("tada");
    assertThat(data.get("post_id").asText()).isEqualTo("p1");
    assertThat(data.get("user_id").asText()).isEqualTo("u1");
    assertThat(data.get("emoji_name").asText()).isEqualTo("tada");
    assertThat(data.get("channel_id").asText()).isEqualTo(Events.CHANNEL);
    assertThat(u.getTimestamp()).isEqualTo((T0 + 100) / 1000.0);
  }

  @Test
  void shouldDiffPolledSnapshotsAgainstTheSet() {
    Reaction a = Events.reaction("p1", "u1", "+1", T0 + 100);
    Reaction b = Events.reaction("p1", "u2", "heart", T0 + 150);
    h.pipe(Events.snapshot("p1", T0 + 150, List.of(a, b), T0 + 1000));
    h.pipe(Events.snapshot("p1", T0 + 150, List.of(a, b), T0 + 2000)); // the same snapshot polled again
    h.pipe(Events.reactionAdded(a, T0 + 2001)); // a late WebSocket copy of a known add
    assertThat(h.ids()).containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u2_heart_added_1");
  }

  @Test
  void shouldReportAReactionRemovedWhileTheIngestorWasDownAfterTheNextSnapshot() {
    Reaction a = Events.reaction("p1", "u1", "+1", T0 + 100);
    h.pipe(Events.reactionAdded(a, T0 + 101));
    // ingestor down; the reaction is removed at T0 + 500; after the restart polling sees the set without it
    h.pipe(Events.snapshot("p1", T0 + 500, List.of(), T0 + 60_000));
    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId)
        .containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u1_+1_removed_2");
    JsonNode data = ResourceUpdateJson.read(out.get(1).getDataJson());
    assertThat(data.get("reaction").get("user_id").asText()).isEqualTo("u1");
    assertThat(data.get("post_id").asText()).isEqualTo("p1");
  }

  @Test
  void shouldNotRemoveAReactionAddedAfterTheSnapshotWasTaken() {
    // The snapshot was taken at post update_at T0+50, before the add at T0+100, but is processed after it.
    h.pipe(Events.reactionAdded(Events.reaction("p1", "u1", "+1", T0 + 100), T0 + 101));
    h.pipe(Events.snapshot("p1", T0 + 50, List.of(), T0 + 102));
    assertThat(h.ids()).containsExactly("reaction_p1_u1_+1_added_1");
  }

  @Test
  void shouldNotResurrectAReactionRemovedAfterTheSnapshotWasTaken() {
    Reaction a = Events.reaction("p1", "u1", "+1", T0 + 100);
    h.pipe(Events.reactionAdded(a, T0 + 101));
    h.pipe(Events.reactionRemoved(Reaction.newBuilder(a).setDeleteAt(T0 + 300).setUpdateAt(T0 + 300).build(),
        T0 + 301));
    h.pipe(Events.snapshot("p1", T0 + 200, List.of(a), T0 + 302)); // taken before the removal
    assertThat(h.ids()).containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u1_+1_removed_2");
  }

  @Test
  void shouldIgnoreASnapshotOlderThanOneAlreadyApplied() {
    Reaction a = Events.reaction("p1", "u1", "+1", T0 + 100);
    Reaction b = Events.reaction("p1", "u2", "tada", T0 + 50);
    h.pipe(Events.reactionAdded(b, T0 + 51)); // the post is known
    h.pipe(Events.snapshot("p1", T0 + 400, List.of(b), T0 + 1000));
    h.pipe(Events.snapshot("p1", T0 + 150, List.of(a, b), T0 + 1001)); // an older poll, delivered late
    assertThat(h.ids()).containsExactly("reaction_p1_u2_tada_added_1");
  }

  @Test
  void shouldNotApplyAWebSocketAddOlderThanASnapshotThatDidNotContainIt() {
    // added at T0+100 and removed before the snapshot at T0+400; the add's WebSocket copy arrives last
    Reaction b = Events.reaction("p1", "u2", "tada", T0 + 50);
    h.pipe(Events.reactionAdded(b, T0 + 51));
    h.pipe(Events.snapshot("p1", T0 + 400, List.of(b), T0 + 1000));
    h.pipe(Events.reactionAdded(Events.reaction("p1", "u1", "+1", T0 + 100), T0 + 1001));
    assertThat(h.ids()).containsExactly("reaction_p1_u2_tada_added_1");
  }

  @Test
  void shouldKeepNoEntryForAPostWithoutReactionsAndNoWriteForASnapshotThatMovesNothing() {
    h.pipe(Events.snapshot("p1", T0 + 400, List.of(), T0 + 1000));
    assertThat(h.storeSize(ReactionProcessor.SETS)).isZero();
    Reaction b = Events.reaction("p2", "u2", "tada", T0 + 50);
    h.pipe(Events.snapshot("p2", T0 + 400, List.of(b), T0 + 1000));
    ReactionSet written = h.section(ReactionProcessor.SETS).get("p2");
    h.pipe(Events.snapshot("p2", T0 + 400, List.of(b), T0 + 5000)); // the same post polled again
    assertThat(h.section(ReactionProcessor.SETS).get("p2")).isEqualTo(written);
    assertThat(written.touchedAt()).isEqualTo(T0 + 1000);
    assertThat(h.ids()).containsExactly("reaction_p2_u2_tada_added_1");
  }

  @Test
  void shouldNotReportReactionsOlderThanTheStateRetentionOnAPostItForgot() {
    long now = T0 + Duration.ofDays(40).toMillis();
    Reaction old = Events.reaction("p1", "u1", "+1", T0);
    Reaction fresh = Events.reaction("p1", "u2", "tada", now - 1000);
    h.pipe(Events.snapshot("p1", now - 500, List.of(old, fresh), now));
    h.pipe(Events.reactionRemoved(Reaction.newBuilder(old).setDeleteAt(now + 10).setUpdateAt(now + 10).build(),
        now + 11));
    assertThat(h.ids()).containsExactly("reaction_p1_u2_tada_added_1", "reaction_p1_u1_+1_removed_1");
  }

  @Test
  void shouldKeepReactionSetsPerPost() {
    h.pipe(Events.reactionAdded(Events.reaction("p1", "u1", "+1", T0 + 100), T0 + 101));
    h.pipe(Events.reactionAdded(Events.reaction("p2", "u1", "+1", T0 + 100), T0 + 101));
    h.pipe(Events.snapshot("p2", T0 + 500, List.of(), T0 + 600));
    assertThat(h.ids()).containsExactly("reaction_p1_u1_+1_added_1", "reaction_p2_u1_+1_added_1",
        "reaction_p2_u1_+1_removed_2");
  }
}
