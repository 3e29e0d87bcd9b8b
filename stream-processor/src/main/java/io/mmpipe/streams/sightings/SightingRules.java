package io.mmpipe.streams.sightings;

import java.util.ArrayList;
import java.util.List;

/**
 * Identity for changes Mattermost sends without an id or a time (docs/contracts.md, "Two ingestors"). Every
 * ingestor sees every change of a subject once and in Mattermost's order, a little earlier or later than the others.
 * So an observation is another ingestor's copy of a reported change when that change has the same value, was first
 * seen within {@code windowMs} of it, and has no copy from this ingestor yet; the oldest such change is taken, which
 * pairs the k-th copy of each ingestor with the k-th change. Anything else is a new change, numbered {@code n}.
 * Pure, so every case is testable without Kafka.
 */
public final class SightingRules {

  /** The next state, and the number of the new change to report ({@code 0}: nothing to report). */
  public record Outcome(Sightings next, int n) {}

  private SightingRules() {}

  /**
   * @param value     the change: a status, {@code added}/{@code removed}, a typing event's parent id
   * @param stateful  whether the value is a state (status, membership: reporting the current value again is no
   *                  change) or an occurrence (typing: every event is one)
   * @param frame     the WebSocket connection id and seq, or null
   */
  public static Outcome observe(Sightings s, String value, boolean stateful, long at, String ingestor,
      String frame, long windowMs) {
    List<Sightings.Sighting> recent = new ArrayList<>(s.recent());
    for (int i = 0; i < recent.size(); i++) {
      Sightings.Sighting c = recent.get(i);
      if (frame != null && c.frames().contains(frame)) {
        return new Outcome(s, 0); // the same frame again (a replay after a reconnect)
      }
    }
    for (int i = 0; i < recent.size(); i++) {
      Sightings.Sighting c = recent.get(i);
      if (c.value().equals(value) && !c.seenBy().contains(ingestor) && Math.abs(c.at() - at) <= windowMs) {
        recent.set(i, new Sightings.Sighting(c.n(), c.value(), c.at(), add(c.seenBy(), ingestor),
            frame == null ? c.frames() : add(c.frames(), frame)));
        return new Outcome(new Sightings(s.changes(), s.current(), Math.max(s.lastSeenAt(), at), recent), 0);
      }
    }
    // A value the subject already has is no change, but it is remembered (as n = 0) all the same: the other
    // ingestors' copies of it arrive when the state may have moved on, and must find it to match.
    boolean repeat = stateful && value.equals(s.current());
    int n = repeat ? 0 : s.changes() + 1;
    recent.removeIf(c -> c.at() < at - windowMs);
    recent.add(new Sightings.Sighting(n, value, at, List.of(ingestor), frame == null ? List.of() : List.of(frame)));
    if (recent.size() > Sightings.MAX_RECENT) {
      recent = recent.subList(recent.size() - Sightings.MAX_RECENT, recent.size());
    }
    return new Outcome(new Sightings(repeat ? s.changes() : n, value, Math.max(s.lastSeenAt(), at), recent), n);
  }

  private static List<String> add(List<String> list, String item) {
    List<String> next = new ArrayList<>(list);
    next.add(item);
    return next;
  }
}
