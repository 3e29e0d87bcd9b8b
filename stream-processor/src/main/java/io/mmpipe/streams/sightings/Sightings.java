package io.mmpipe.streams.sightings;

import java.util.List;

/**
 * What the processor knows of one subject's observed changes (a user's status; a user's membership of a channel; a
 * user typing in a channel). Mattermost gives these events no id and no time, so each ingestor's copy of one change
 * is matched to the others by value and observation time (see {@link SightingRules}).
 *
 * @param changes    how many changes were reported: the {@code n} of the next id is changes + 1
 * @param current    the value of the last reported change (status, "added"/"removed"); for typing, unused
 * @param lastSeenAt the newest observation time (ms), for expiry
 * @param recent     the changes reported within the matching window, oldest first, bounded by {@link #MAX_RECENT}
 */
public record Sightings(int changes, String current, long lastSeenAt, List<Sighting> recent) {

  /** Changes of one subject kept for matching; more than this within one window is a burst we stop matching. */
  public static final int MAX_RECENT = 16;

  /**
   * One reported change.
   *
   * @param seenBy the ingestors whose copy of it arrived (each ingestor sees each change once)
   * @param frames the WebSocket frames (connection id and seq) that carried it, so a frame read twice is one copy
   */
  public record Sighting(int n, String value, long at, List<String> seenBy, List<String> frames) {
    public Sighting {
      seenBy = List.copyOf(seenBy);
      frames = List.copyOf(frames);
    }
  }

  public Sightings {
    recent = List.copyOf(recent);
  }

  public static Sightings empty() {
    return new Sightings(0, null, 0, List.of());
  }

  /** For entries written before lastSeenAt was kept (see IncrementalExpiry). */
  public Sightings seenAt(long at) {
    return new Sightings(changes, current, at, recent);
  }
}
