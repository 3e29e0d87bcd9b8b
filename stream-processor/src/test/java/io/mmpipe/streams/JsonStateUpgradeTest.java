package io.mmpipe.streams;

import static io.mmpipe.streams.Events.CHANNEL;
import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.JsonSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.streams.cursors.CursorProcessor;
import io.mmpipe.streams.cursors.CursorState;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.posts.PostThread;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.reactions.ReactionSet;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.sightings.Sightings;
import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from the version that kept threads, reaction sets and sightings as JSON and channel cursors as Avro in
 * the shared store (and in its changelog, from which a new instance restores them byte for byte): that state is
 * still honoured, and each value is written back in the binary format when it next changes; and from the version
 * that kept a channel's pending cursor as a second entry beside its cursor.
 */
class JsonStateUpgradeTest {

  private static final long HOUR = Duration.ofHours(1).toMillis();

  @Test
  void shouldAnswerFromJsonAndAvroStateAnEarlierVersionLeftAndRewriteItInBinary() {
    try (Harness h = new Harness(Duration.ofHours(24), Instant.ofEpochMilli(T0))) {
      // what the earlier version saw: a thread with a reply, a reaction, a status
      h.pipe(Events.posted(Events.post("root", T0).build()));
      h.pipe(Events.posted(Events.post("r1", T0 + 1).setRootId("root").build()));
      h.pipe(Events.reactionAdded(Events.reaction("root", "u1", "+1", T0 + 4), T0 + 5));
      h.pipe("user:u1", Events.at(Events.status("u1", "away", T0 + 6), 1));
      h.emitCursors();
      h.updates.readValuesToList();
      h.cursors.readValuesToList();
      // ... and how it stored it: JSON, and Avro for the cursors
      assertThat(rewrite(h, PostProcessor.THREADS, JsonSerde.of(PostThread.class))).as("threads").isEqualTo(1);
      assertThat(rewrite(h, ReactionProcessor.SETS, JsonSerde.of(ReactionSet.class))).as("reactions").isEqualTo(1);
      assertThat(rewrite(h, SightingProcessor.SIGHTINGS, JsonSerde.of(Sightings.class))).as("sightings").isEqualTo(1);
      assertThat(rewrite(h, CursorProcessor.CURSORS,
          (t, c) -> AvroSerde.of(ChannelCursor.class).serialize(t, c.cursor()))).as("cursors").isEqualTo(1);
      // a post older than the cursor, polled: new to us, but it does not move the channel's cursor backwards
      h.pipe(Events.polled(Events.post("old", T0 - HOUR).build(), T0 + HOUR / 2));
      h.emitCursors();
      assertThat(h.cursors.readValuesToList()).as("cursor read from Avro, not moved back").isEmpty();

      // the status changes: its change counter continues (a restarted counter repeats an id dedupe drops)
      h.pipe("user:u1", Events.at(Events.status("u1", "online", T0 + HOUR), 2));
      // a snapshot without the reaction removes it: only a known set has a reaction to remove
      h.pipe(Events.snapshot("root", T0 + 2 * HOUR, List.of(), T0 + 2 * HOUR + 1));
      assertThat(firstBytes(h)).as("rewritten when changed").containsOnly(BinaryStateSerde.FORMAT_V1);
      // the root deleted: its known reply, read from the JSON thread, is deleted with it
      h.pipe(Events.ws("post_deleted", Events.postPayload(Events.post("root", T0).setDeleteAt(T0 + 3 * HOUR)
          .setUpdateAt(T0 + 3 * HOUR).build()), T0 + 3 * HOUR + 1));

      List<String> ids = h.updates.readValuesToList().stream().map(ResourceUpdate::getEventId).toList();
      // (had the JSON not been read: status_u1_online_1, no removal, no post_r1_deleted)
      assertThat(ids).containsExactly("post_old", "status_u1_online_2", "reaction_root_u1_+1_removed_2",
          "post_root_deleted", "post_r1_deleted");
      h.emitCursors();
      assertThat(h.cursors.readKeyValuesToList()).singleElement().satisfies(kv -> {
        assertThat(kv.key).isEqualTo(CHANNEL);
        assertThat(kv.value.getLastUpdateAt()).isEqualTo(T0 + 3 * HOUR);
      });
      assertThat(h.driver.<String, byte[]>getKeyValueStore(StateSection.STORE)
          .get(h.section(CursorProcessor.CURSORS).storedKey(CHANNEL))[0]).isEqualTo(BinaryStateSerde.FORMAT_V1);
    }
  }

  @Test
  void shouldWriteThePendingCursorsThePreviousVersionLeftOnceAndKeepAdvancing() {
    try (Harness h = new Harness()) {
      h.pipe(Events.posted(Events.post("p1", T0 + 100).build()));
      h.pipe("ch2", Events.posted(Events.post("q1", T0 + 50).setChannelId("ch2").build()));
      // the previous version's layout: each cursor without the pending flag, and its pending copy in a second
      // entry for CHANNEL only (ch2's had been written)
      KeyValueStore<String, byte[]> shared = h.driver.getKeyValueStore(StateSection.STORE);
      Serializer<ChannelCursor> previous = CursorProcessor.PENDING.serde().serializer();
      StateSection<CursorState> cursors = h.section(CursorProcessor.CURSORS);
      for (String channel : List.of(CHANNEL, "ch2")) {
        shared.put(cursors.storedKey(channel), previous.serialize("t", cursors.get(channel).cursor()));
      }
      shared.put(h.section(CursorProcessor.PENDING).storedKey(CHANNEL),
          previous.serialize("t", cursors.get(CHANNEL).cursor()));

      h.emitCursors();
      assertThat(h.cursors.readKeyValuesToList()).as("the pending copy written, ch2 not again").singleElement()
          .satisfies(kv -> {
            assertThat(kv.key).isEqualTo(CHANNEL);
            assertThat(kv.value.getLastUpdateAt()).isEqualTo(T0 + 100);
          });
      assertThat(h.storeSize(CursorProcessor.PENDING)).isZero();
      h.emitCursors();
      assertThat(h.cursors.isEmpty()).as("written once").isTrue();

      h.pipe(Events.posted(Events.post("p0", T0 + 90).build()));
      h.pipe("ch2", Events.posted(Events.post("q2", T0 + 60).setChannelId("ch2").build()));
      h.emitCursors();
      assertThat(h.cursors.readKeyValuesToList()).as("only the cursor that advanced past the old one")
          .singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("ch2");
            assertThat(kv.value.getLastUpdateAt()).isEqualTo(T0 + 60);
          });
    }
  }

  /** Rewrites a section's values in the shared store as the earlier version wrote them; returns how many. */
  private static <V> int rewrite(Harness h, StateSection.Kind<V> kind, Serializer<V> earlier) {
    StateSection<V> section = h.section(kind);
    KeyValueStore<String, byte[]> shared = h.driver.getKeyValueStore(StateSection.STORE);
    List<KeyValue<String, V>> entries = new ArrayList<>();
    try (KeyValueIterator<String, V> it = section.from(null)) {
      it.forEachRemaining(entries::add);
    }
    for (KeyValue<String, V> kv : entries) {
      byte[] old = earlier.serialize("t", kv.value);
      assertThat(old[0]).isNotEqualTo(BinaryStateSerde.FORMAT_V1);
      shared.put(section.storedKey(kv.key), old);
    }
    return entries.size();
  }

  /** The first byte of every reaction set and sighting in the shared store. */
  private static List<Byte> firstBytes(Harness h) {
    KeyValueStore<String, byte[]> shared = h.driver.getKeyValueStore(StateSection.STORE);
    List<Byte> first = new ArrayList<>();
    for (StateSection.Kind<?> kind : List.of(ReactionProcessor.SETS, SightingProcessor.SIGHTINGS)) {
      try (KeyValueIterator<String, byte[]> it = shared.range(h.section(kind).storedKey(""),
          h.section(kind).storedKey("\uffff"))) {
        it.forEachRemaining(kv -> first.add(kv.value[0]));
      }
    }
    assertThat(first).hasSize(2);
    return first;
  }
}
