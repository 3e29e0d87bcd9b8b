package io.mmpipe.streams.reactions;

import io.mmpipe.schemas.avro.Reaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reactions decided by state (docs/contracts.md): added only when absent, removed only when present, and the
 * snapshot race rule. Pure, so every case can be tested without Kafka.
 */
public final class ReactionRules {

  /** One change to report; {@code n} numbers this reaction's changes. */
  public record Change(Reaction reaction, boolean added, int n, long at) {}

  /** The new state and the changes it implies. */
  public record Outcome(ReactionSet next, List<Change> changes) {}

  private ReactionRules() {}

  /**
   * A WebSocket add or remove.
   *
   * @param at           the change's time: Mattermost's when it sent one, else the ingestor's clock
   * @param mattermostAt whether {@code at} is Mattermost's own time (only then can it be compared with snapshots)
   */
  public static Outcome event(ReactionSet set, Reaction r, boolean added, long at, boolean mattermostAt) {
    ReactionSet.State s = set.get(r.getUserId(), r.getEmojiName());
    boolean present = s != null && s.present();
    if (present == added) {
      return new Outcome(set, List.of()); // already in that state: a second copy of a change we reported
    }
    // A change older than what we already know happened (a newer snapshot, or a newer change of the same
    // reaction) is stale: applying it would undo a later truth.
    if (mattermostAt && (at < set.snapshotAt() || (s != null && at < s.changedAt()))) {
      return new Outcome(set, List.of());
    }
    return apply(set, s, r, added, at);
  }

  /**
   * A polled snapshot: the complete reaction set of the post at {@code postUpdateAt}.
   *
   * @param forgetBefore reactions created before this time (ms) that the set does not know were made before
   *                     anything the processor remembers (the set expired, or predates us): they are recorded as
   *                     present but not reported, as polled posts older than the dedupe retention are not
   */
  public static Outcome snapshot(ReactionSet set, String postId, List<Reaction> current, long postUpdateAt,
      long forgetBefore) {
    if (postUpdateAt < set.snapshotAt()) {
      return new Outcome(set, List.of()); // an older snapshot than one already applied
    }
    ReactionSet next = set;
    List<Change> changes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Reaction r : current) {
      String key = ReactionSet.key(r.getUserId(), r.getEmojiName());
      if (!seen.add(key)) {
        continue;
      }
      ReactionSet.State s = next.get(r.getUserId(), r.getEmojiName());
      if (s == null && r.getCreateAt() > 0 && r.getCreateAt() < forgetBefore) {
        next = next.with(new ReactionSet.State(r.getUserId(), r.getEmojiName(), true, 0, r.getCreateAt(),
            r.getCreateAt()));
        continue;
      }
      if ((s == null || !s.present()) && postUpdateAt >= (s == null ? 0 : s.changedAt())) {
        long at = r.getCreateAt() > 0 ? r.getCreateAt() : postUpdateAt;
        Outcome o = apply(next, s, r, true, Math.max(at, s == null ? 0 : s.changedAt()));
        next = o.next();
        changes.addAll(o.changes());
      }
    }
    for (ReactionSet.State s : set.reactions().values()) {
      if (s.present() && !seen.contains(ReactionSet.key(s.userId(), s.emojiName()))
          && postUpdateAt >= s.changedAt()) {
        Reaction gone = Reaction.newBuilder().setPostId(postId)
            .setUserId(s.userId()).setEmojiName(s.emojiName()).setCreateAt(s.createAt())
            .setDeleteAt(postUpdateAt).setUpdateAt(postUpdateAt).build();
        Outcome o = apply(next, s, gone, false, postUpdateAt);
        next = o.next();
        changes.addAll(o.changes());
      }
    }
    return new Outcome(next.withSnapshotAt(postUpdateAt), changes);
  }

  private static Outcome apply(ReactionSet set, ReactionSet.State s, Reaction r, boolean added, long at) {
    int n = (s == null ? 0 : s.changes()) + 1;
    long createAt = added ? r.getCreateAt() : (s == null ? r.getCreateAt() : s.createAt());
    ReactionSet.State next = new ReactionSet.State(r.getUserId(), r.getEmojiName(), added, n,
        Math.max(at, s == null ? 0 : s.changedAt()), createAt);
    return new Outcome(set.with(next), List.of(new Change(r, added, n, at)));
  }
}
