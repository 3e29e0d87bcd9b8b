package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;

/**
 * A channel cursor as state (the cursor topic stays Avro): channel id, last update_at, last post id, updated at.
 * Earlier versions kept it in Avro single-object encoding (first byte 0xC3), which is still read.
 */
final class ChannelCursorSerde extends BinaryStateSerde<ChannelCursor> {

  private static final int AVRO_MARKER = (byte) 0xC3;

  ChannelCursorSerde() {
    super(ChannelCursor.class, AvroSerde.of(ChannelCursor.class), b -> b == AVRO_MARKER);
  }

  @Override
  protected void write(StateWriter out, ChannelCursor c) {
    out.writeString(c.getChannelId());
    out.writeLong(c.getLastUpdateAt());
    out.writeString(c.getLastPostId());
    out.writeLong(c.getUpdatedAt());
  }

  @Override
  protected ChannelCursor read(StateReader in) {
    return new ChannelCursor(in.readString(), in.readLong(), in.readString(), in.readLong());
  }
}
