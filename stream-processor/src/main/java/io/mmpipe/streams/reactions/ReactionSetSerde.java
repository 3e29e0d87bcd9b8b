package io.mmpipe.streams.reactions;

import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;
import java.util.HashMap;
import java.util.Map;

/** {@link ReactionSet} in the binary state format: snapshotAt, touchedAt, then each (key, reaction state). */
final class ReactionSetSerde extends BinaryStateSerde<ReactionSet> {

  ReactionSetSerde() {
    super(ReactionSet.class);
  }

  @Override
  protected void write(StateWriter out, ReactionSet set) {
    out.writeLong(set.snapshotAt());
    out.writeLong(set.touchedAt());
    out.writeCount(set.reactions().size());
    for (Map.Entry<String, ReactionSet.State> e : set.reactions().entrySet()) {
      ReactionSet.State s = e.getValue();
      out.writeString(e.getKey());
      out.writeString(s.userId());
      out.writeString(s.emojiName());
      out.writeBoolean(s.present());
      out.writeInt(s.changes());
      out.writeLong(s.changedAt());
      out.writeLong(s.createAt());
    }
  }

  @Override
  protected ReactionSet read(StateReader in) {
    long snapshotAt = in.readLong();
    long touchedAt = in.readLong();
    int n = in.readCount();
    Map<String, ReactionSet.State> reactions = new HashMap<>(Math.min(n, 1024) * 2);
    for (int i = 0; i < n; i++) {
      String key = in.readString();
      reactions.put(key, new ReactionSet.State(in.readString(), in.readString(), in.readBoolean(), in.readInt(),
          in.readLong(), in.readLong()));
    }
    return new ReactionSet(snapshotAt, reactions, touchedAt);
  }
}
