package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.avro.ChannelCursor;
import java.util.Objects;

/**
 * A channel's cursor as the processor keeps it: the cursor, and whether it advanced since it was last written to the
 * cursor topic. One entry per channel, so an advance is one store write and one changelog record (earlier versions
 * kept the pending copy as a second entry, still drained after an upgrade: {@link CursorProcessor#PENDING}).
 *
 * @param pending advanced and not yet written to the cursor topic
 */
public record CursorState(ChannelCursor cursor, boolean pending) {

  public CursorState {
    Objects.requireNonNull(cursor, "cursor");
  }
}
