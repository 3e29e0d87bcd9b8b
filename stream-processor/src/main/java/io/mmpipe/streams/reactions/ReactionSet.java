package io.mmpipe.streams.reactions;

import java.util.HashMap;
import java.util.Map;

/**
 * What the processor knows of one post's reactions. Removed reactions stay (present = false) so that their change
 * counter keeps ids unique and their change time keeps stale snapshots from resurrecting them.
 *
 * @param snapshotAt post_update_at of the newest snapshot applied (older snapshots are ignored)
 * @param reactions  by {@link #key(String, String)}
 * @param touchedAt  when the set last changed (ms, observation time), for expiry; 0 in sets written before it was kept
 */
public record ReactionSet(long snapshotAt, Map<String, State> reactions, long touchedAt) {

  /**
   * @param present   whether the reaction is currently on the post
   * @param changes   how many changes of this reaction were reported: the {@code n} of the next id is changes + 1
   * @param changedAt the Mattermost time (ms) of its last change
   * @param createAt  create_at Mattermost gave it, reported back when it is removed
   */
  public record State(String userId, String emojiName, boolean present, int changes, long changedAt,
      long createAt) {}

  public ReactionSet {
    reactions = Map.copyOf(reactions);
  }

  public static ReactionSet empty() {
    return new ReactionSet(0, Map.of(), 0);
  }

  public static String key(String userId, String emojiName) {
    return userId + "\u0000" + emojiName;
  }

  public State get(String userId, String emojiName) {
    return reactions.get(key(userId, emojiName));
  }

  ReactionSet with(State s) {
    Map<String, State> next = new HashMap<>(reactions);
    next.put(key(s.userId(), s.emojiName()), s);
    return new ReactionSet(snapshotAt, next, touchedAt);
  }

  public ReactionSet touched(long at) {
    return new ReactionSet(snapshotAt, reactions, at);
  }

  ReactionSet withSnapshotAt(long at) {
    return new ReactionSet(Math.max(snapshotAt, at), reactions, touchedAt);
  }
}
