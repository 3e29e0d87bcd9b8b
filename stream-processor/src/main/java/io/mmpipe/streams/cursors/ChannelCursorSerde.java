package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;

/**
 * A channel cursor as state (the cursor topic stays Avro): channel id, last update_at, last post id, updated at.
 * Earlier versions kept it in Avro single-object encoding (first byte 0xC3), which is still read. Now only the
 * pending cursors that the previous version left ({@link CursorProcessor#PENDING}) are read with it; {@link
 * CursorStateSerde} writes the same fields and the pending flag after them.
 */
final class ChannelCursorSerde extends BinaryStateSerde<ChannelCursor> {

  static final int AVRO_MARKER = (byte) 0xC3;

  ChannelCursorSerde() {
    super(ChannelCursor.class, AvroSerde.of(ChannelCursor.class), b -> b == AVRO_MARKER);
  }

  @Override
  protected void write(StateWriter out, ChannelCursor c) {
    writeCursor(out, c);
  }

  @Override
  protected ChannelCursor read(StateReader in) {
    return readCursor(in);
  }

  static void writeCursor(StateWriter out, ChannelCursor c) {
    out.writeString(c.getChannelId());
    out.writeLong(c.getLastUpdateAt());
    out.writeString(c.getLastPostId());
    out.writeLong(c.getUpdatedAt());
  }

  static ChannelCursor readCursor(StateReader in) {
    return new ChannelCursor(in.readString(), in.readLong(), in.readString(), in.readLong());
  }
}
