package io.mmpipe.streams.sightings;

import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;
import java.util.ArrayList;
import java.util.List;

/** {@link Sightings} in the binary state format: changes, current, lastSeenAt, then the recent sightings. */
final class SightingsSerde extends BinaryStateSerde<Sightings> {

  SightingsSerde() {
    super(Sightings.class);
  }

  @Override
  protected void write(StateWriter out, Sightings s) {
    out.writeInt(s.changes());
    out.writeString(s.current());
    out.writeLong(s.lastSeenAt());
    out.writeCount(s.recent().size());
    for (Sightings.Sighting r : s.recent()) {
      out.writeInt(r.n());
      out.writeString(r.value());
      out.writeLong(r.at());
      writeStrings(out, r.seenBy());
      writeStrings(out, r.frames());
    }
  }

  @Override
  protected Sightings read(StateReader in) {
    int changes = in.readInt();
    String current = in.readString();
    long lastSeenAt = in.readLong();
    int n = in.readCount();
    List<Sightings.Sighting> recent = new ArrayList<>(Math.min(n, Sightings.MAX_RECENT));
    for (int i = 0; i < n; i++) {
      recent.add(new Sightings.Sighting(in.readInt(), in.readString(), in.readLong(), readStrings(in),
          readStrings(in)));
    }
    return new Sightings(changes, current, lastSeenAt, recent);
  }

  private static void writeStrings(StateWriter out, List<String> list) {
    out.writeCount(list.size());
    for (String s : list) {
      out.writeString(s);
    }
  }

  private static List<String> readStrings(StateReader in) {
    int n = in.readCount();
    List<String> list = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      list.add(in.readString());
    }
    return list;
  }
}
