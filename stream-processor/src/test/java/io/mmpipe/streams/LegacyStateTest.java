package io.mmpipe.streams;

import static io.mmpipe.streams.Events.CHANNEL;
import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.cursors.CursorProcessor;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from the version that kept each kind of state in a store of its own: the state it left is read where it
 * is (each case below answers differently without it), then moved into the shared store on the wall clock.
 */
class LegacyStateTest {

  private static final long HOUR = Duration.ofHours(1).toMillis();

  @Test
  void shouldAnswerFromTheStateAnEarlierVersionLeftAndMoveItIntoTheSharedStore() {
    try (Harness h = new Harness(Duration.ofHours(24), Instant.ofEpochMilli(T0))) {
      // what the earlier version saw: a thread with a reply, a reported deletion, a reaction, a status, a cursor
      h.pipe(Events.posted(Events.post("root", T0).build()));
      h.pipe(Events.posted(Events.post("r1", T0 + 1).setRootId("root").build()));
      h.pipe(Events.polled(Events.post("gone", T0).setDeleteAt(T0 + 2).setUpdateAt(T0 + 2).build(), T0 + 3));
      h.pipe(Events.reactionAdded(Events.reaction("root", "u1", "+1", T0 + 4), T0 + 5));
      h.pipe("user:u1", Events.at(Events.status("u1", "away", T0 + 6), 1));
      h.emitCursors();
      h.updates.readValuesToList();
      h.cursors.readValuesToList();
      for (StateSection.Kind<?> kind : ProcessorTopology.LEGACY) {
        assertThat(demote(h, kind)).as(kind.name()).isPositive();
      }

      // the status changes twice: its change counter continues (a restarted counter repeats an id dedupe drops)
      h.pipe("user:u1", Events.at(Events.status("u1", "online", T0 + HOUR), 2));
      h.pipe("user:u1", Events.at(Events.status("u1", "away", T0 + 2 * HOUR), 3));
      // a snapshot without the reaction removes it: only a known set has a reaction to remove
      h.pipe(Events.snapshot("root", T0 + 2 * HOUR, List.of(), T0 + 2 * HOUR + 1));
      // a post older than the cursor, polled: new to us, but it does not move the channel's cursor backwards
      h.pipe(Events.polled(Events.post("old", T0 - HOUR).build(), T0 + 2 * HOUR + 2));
      // the root deleted: its known reply is deleted with it
      h.pipe(Events.ws("post_deleted", Events.postPayload(Events.post("root", T0).setDeleteAt(T0 + 3 * HOUR)
          .setUpdateAt(T0 + 3 * HOUR).build()), T0 + 3 * HOUR + 1));
      // a copy of the reported deletion polled after the dedupe retention (24 h) is still recognised
      h.pipe(Events.polled(Events.post("gone", T0).setDeleteAt(T0 + 2).setUpdateAt(T0 + 2).build(),
          T0 + 30 * HOUR));

      List<String> ids = h.updates.readValuesToList().stream().map(ResourceUpdate::getEventId).toList();
      // (without the earlier state: online_1 and away_1, a dropped repeat of the first status's id; no removal;
      // no post_r1_deleted; and post_gone_deleted again)
      assertThat(ids).containsExactly("status_u1_online_2", "status_u1_away_3",
          "reaction_root_u1_+1_removed_2", "post_old", "post_root_deleted", "post_r1_deleted");
      h.emitCursors();
      assertThat(h.cursors.readKeyValuesToList()).as("cursor updates").allSatisfy(kv -> {
        assertThat(kv.key).isEqualTo(CHANNEL);
        assertThat(kv.value.getLastUpdateAt()).isGreaterThan(T0 + 2);
      });

      h.driver.advanceWallClockTime(Duration.ofMinutes(1));
      for (StateSection.Kind<?> kind : ProcessorTopology.LEGACY) {
        assertThat(count(h.legacyStore(kind))).as("left in legacy " + kind.name()).isZero();
      }
      assertThat(h.section(PostProcessor.DELETIONS).get("gone")).isEqualTo(T0 + 3);
      assertThat(h.section(PostProcessor.THREADS).get("root")).as("deleted with its root").isNull();
      assertThat(h.section(CursorProcessor.CURSORS).get(CHANNEL).cursor().getLastUpdateAt()).isEqualTo(T0 + 3 * HOUR);
      assertThat(h.storeSize(SightingProcessor.SIGHTINGS)).isEqualTo(1);
    }
  }

  /** Moves a section's entries out of the shared store into the legacy store, as the earlier version kept them. */
  private static <V> int demote(Harness h, StateSection.Kind<V> kind) {
    StateSection<V> section = h.section(kind);
    KeyValueStore<String, V> legacy = h.legacyStore(kind);
    KeyValueStore<String, byte[]> shared = h.driver.getKeyValueStore(StateSection.STORE);
    int n = 0;
    try (KeyValueIterator<String, V> it = section.from(null)) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        legacy.put(kv.key, kv.value);
        shared.delete(section.storedKey(kv.key));
        n++;
      }
    }
    assertThat(h.storeSize(kind)).isZero();
    return n;
  }

  private static long count(KeyValueStore<String, ?> store) {
    long n = 0;
    try (KeyValueIterator<String, ?> it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
