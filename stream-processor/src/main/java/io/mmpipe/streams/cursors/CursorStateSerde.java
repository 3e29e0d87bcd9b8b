package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A {@link CursorState}: the cursor's fields as {@link ChannelCursorSerde} writes them, then the pending flag. A
 * cursor written by an earlier version (binary without the flag, or Avro) reads as not pending: that version kept
 * its pending copy in a second entry, which the processor drains on its own.
 */
final class CursorStateSerde extends BinaryStateSerde<CursorState> {

  private static final Deserializer<ChannelCursor> AVRO = AvroSerde.of(ChannelCursor.class).deserializer();

  CursorStateSerde() {
    super(CursorState.class, (topic, data) -> new CursorState(AVRO.deserialize(topic, data), false),
        b -> b == ChannelCursorSerde.AVRO_MARKER);
  }

  @Override
  protected void write(StateWriter out, CursorState s) {
    ChannelCursorSerde.writeCursor(out, s.cursor());
    out.writeBoolean(s.pending());
  }

  @Override
  protected CursorState read(StateReader in) {
    ChannelCursor cursor = ChannelCursorSerde.readCursor(in);
    return new CursorState(cursor, !in.atEnd() && in.readBoolean()); // no flag: written by an earlier version
  }
}
