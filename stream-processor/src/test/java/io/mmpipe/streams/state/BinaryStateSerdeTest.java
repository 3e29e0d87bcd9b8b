package io.mmpipe.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.JsonSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.streams.cursors.CursorProcessor;
import io.mmpipe.streams.cursors.CursorState;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.posts.PostThread;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.reactions.ReactionSet;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.sightings.Sightings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state values formerly kept as JSON or Avro: written in binary, read back equal, their old format still read. */
class BinaryStateSerdeTest {

  /** How earlier versions wrote a cursor: Avro, without the pending flag (which reads as false). */
  private static final Serializer<CursorState> AVRO_CURSOR_STATE =
      (topic, s) -> AvroSerde.of(ChannelCursor.class).serialize(topic, s.cursor());

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(PostProcessor.THREADS.serde(), JsonSerde.of(PostThread.class), PostThread.empty()),
        Arguments.of(PostProcessor.THREADS.serde(), JsonSerde.of(PostThread.class), new PostThread(
            List.of(new PostThread.Reply("r1", "u1"), new PostThread.Reply("r2-é✓", null)), 1_767_225_600_123L)),
        Arguments.of(ReactionProcessor.SETS.serde(), JsonSerde.of(ReactionSet.class), ReactionSet.empty()),
        Arguments.of(ReactionProcessor.SETS.serde(), JsonSerde.of(ReactionSet.class), new ReactionSet(1_767_225_600_000L, Map.of(
            ReactionSet.key("u1", "+1"), new ReactionSet.State("u1", "+1", true, 3, 1_767_225_600_001L, 7L),
            ReactionSet.key("u2", "thumbs_ü"), new ReactionSet.State("u2", "thumbs_ü", false, 0, 0L, -1L)),
            1_767_225_600_999L)),
        Arguments.of(SightingProcessor.SIGHTINGS.serde(), JsonSerde.of(Sightings.class), Sightings.empty()),
        Arguments.of(SightingProcessor.SIGHTINGS.serde(), JsonSerde.of(Sightings.class), new Sightings(5, "away", 42L, List.of(
            new Sightings.Sighting(4, "online", 40L, List.of("ingestor-a"), List.of()),
            new Sightings.Sighting(0, null, -3L, List.of("a", "b"), List.of("conn1:17", "conn2:3"))))),
        Arguments.of(CursorProcessor.CURSORS.serde(), AVRO_CURSOR_STATE, new CursorState(
            new ChannelCursor("channel-1", 1_767_225_600_000L, "post-ü", 1_767_225_600_500L), false)),
        Arguments.of(CursorProcessor.PENDING.serde(), AvroSerde.of(ChannelCursor.class),
            new ChannelCursor("c", 0L, "", 0L)));
  }

  @ParameterizedTest
  @MethodSource("values")
  <T> void shouldReadBackWhatItWroteInTheBinaryFormat(Serde<T> serde, Serializer<T> earlier, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(bytes[0]).isEqualTo(BinaryStateSerde.FORMAT_V1);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
  }

  @ParameterizedTest
  @MethodSource("values")
  <T> void shouldReadTheFormatEarlierVersionsWrote(Serde<T> serde, Serializer<T> earlier, T value) {
    byte[] old = earlier.serialize("t", value);
    assertThat(old[0]).isIn((byte) '{', (byte) 0xC3);
    assertThat(serde.deserializer().deserialize("t", old)).isEqualTo(value);
    if (old[0] == '{') {
      byte[] indented = ("\n " + new String(old, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      assertThat(serde.deserializer().deserialize("t", indented)).isEqualTo(value);
    }
  }

  @ParameterizedTest
  @MethodSource("values")
  <T> void shouldBeSmallerThanTheEarlierFormat(Serde<T> serde, Serializer<T> earlier, T value) {
    assertThat(serde.serializer().serialize("t", value).length)
        .isLessThan(earlier.serialize("t", value).length);
  }

  @ParameterizedTest
  @MethodSource("values")
  <T> void shouldRefuseTruncatedOrPaddedOrUnknownValues(Serde<T> serde, Serializer<T> earlier, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    // a cursor state without its last field (the pending flag) is a cursor as the previous version wrote it
    int cut = serde == CursorProcessor.CURSORS.serde() ? 2 : 1;
    if (bytes.length > cut) {
      assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - cut)))
          .isInstanceOf(SerializationException.class);
    }
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("left after");
    byte[] unknown = bytes.clone();
    unknown[0] = 2;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknown))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown state format 2");
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldReadACursorWithoutThePendingFlagAsThePreviousVersionWroteItAsNotPending() {
    ChannelCursor cursor = new ChannelCursor("channel-1", 1_767_225_600_000L, "p1", 1_767_225_600_500L);
    byte[] previous = CursorProcessor.PENDING.serde().serializer().serialize("t", cursor);
    assertThat(previous[0]).isEqualTo(BinaryStateSerde.FORMAT_V1);
    assertThat(CursorProcessor.CURSORS.serde().deserializer().deserialize("t", previous))
        .isEqualTo(new CursorState(cursor, false));
    byte[] pending = CursorProcessor.CURSORS.serde().serializer().serialize("t", new CursorState(cursor, true));
    assertThat(CursorProcessor.CURSORS.serde().deserializer().deserialize("t", pending).pending()).isTrue();
  }
}
