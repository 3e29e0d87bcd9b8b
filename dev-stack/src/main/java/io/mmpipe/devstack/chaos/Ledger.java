package io.mmpipe.devstack.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the control subscriber should have received for the simulator's changes, against what it did receive. Each
 * change made in the simulated Mattermost maps to the id of the update it becomes (docs/contracts.md, "event_id"):
 * {@code post_<id>} (created), {@code post_<id>_edited_<edit_at>}, {@code post_<id>_deleted}, and
 * {@code reaction_<post>_<user>_<emoji>_<added|removed>} counted per change (the update's trailing {@code _<n>} counts
 * the changes the processor observed, so it is compared as a count, not as a name).
 *
 * <p>A change that a later change made invisible in Mattermost's own state (a post deleted afterwards, an edit
 * edited again, a reaction changed again) cannot be recovered by reading that state after an outage: if it was not
 * delivered it is SUPERSEDED, not lost. Every other change not delivered is lost.
 */
public final class Ledger {

  /** One change of the simulator ({@code /_sim/changes}). */
  public record Change(String kind, String postId, String userId, String emojiName, long at) {

    /** The update's id, or for a reaction its id without the trailing count. */
    String key() {
      return switch (kind) {
        case "post_created", "reply_created" -> "post_" + postId;
        case "post_edited" -> "post_" + postId + "_edited_" + at;
        case "post_deleted" -> "post_" + postId + "_deleted";
        case "reaction_added" -> "reaction_" + postId + "_" + userId + "_" + emojiName + "_added";
        case "reaction_removed" -> "reaction_" + postId + "_" + userId + "_" + emojiName + "_removed";
        default -> null;
      };
    }
  }

  /**
   * The figures for changes {@code [from, to)} of {@code all}.
   *
   * @param expected   updates the subscriber must have (superseded changes not delivered are not counted)
   * @param delivered  of those, the ones it has
   * @param lost       expected minus delivered
   * @param superseded changes not delivered that a later change made invisible
   */
  public record Count(int changes, int expected, int delivered, int lost, int superseded) {}

  private Ledger() {}

  /** A delivered update id as a key: a reaction's without its trailing {@code _<n>}. */
  static String keyOf(String eventId) {
    if (eventId.startsWith("reaction_")) {
      int cut = eventId.lastIndexOf('_');
      return cut > 0 ? eventId.substring(0, cut) : eventId;
    }
    return eventId;
  }

  /**
   * @param all       every change so far, in order (the later ones decide what is superseded)
   * @param delivered distinct delivered update ids, each mapped by {@link #keyOf} and counted
   */
  public static Count count(List<Change> all, int from, int to, Map<String, Integer> deliveredKeys) {
    // the keys of changes before `from` consume deliveries first, so a window counts only its own
    Map<String, Integer> left = new HashMap<>(deliveredKeys);
    for (int i = 0; i < from; i++) {
      String k = all.get(i).key();
      if (k != null) {
        left.computeIfPresent(k, (key, n) -> n > 1 ? n - 1 : null);
      }
    }
    int changes = 0;
    int expected = 0;
    int delivered = 0;
    int superseded = 0;
    for (int i = from; i < to; i++) {
      Change c = all.get(i);
      String k = c.key();
      if (k == null) {
        continue;
      }
      changes++;
      Integer n = left.get(k);
      if (n != null) {
        left.computeIfPresent(k, (key, v) -> v > 1 ? v - 1 : null);
        expected++;
        delivered++;
      } else if (supersededLater(all, i)) {
        superseded++;
      } else {
        expected++;
      }
    }
    return new Count(changes, expected, delivered, expected - delivered, superseded);
  }

  /** Whether a later change of the same post (its deletion, another edit) or reaction hides this one. */
  static boolean supersededLater(List<Change> all, int index) {
    Change c = all.get(index);
    for (int j = index + 1; j < all.size(); j++) {
      Change d = all.get(j);
      if (!d.postId().equals(c.postId())) {
        continue;
      }
      if (d.kind().equals("post_deleted") && !c.kind().equals("post_deleted")) {
        return true;
      }
      if (c.kind().equals("post_edited") && d.kind().equals("post_edited")) {
        return true;
      }
      if (c.kind().startsWith("reaction_") && d.kind().startsWith("reaction_") && d.userId().equals(c.userId())
          && d.emojiName().equals(c.emojiName())) {
        return true;
      }
    }
    return false;
  }
}
