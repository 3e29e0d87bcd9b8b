package io.mmpipe.sim.load;

import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted burst of every kind of post change in one channel, on posts of its history and on new ones, for tests
 * of catch-up after a gap (the random {@link RandomLoad} spreads over channels and cannot promise a mix per channel).
 */
public final class ChangeBurst {

  private ChangeBurst() {}

  /** {@code n} root posts imported at {@code createAt}, {@code createAt + 1}, ... (history older than now). */
  public static List<SimPost> history(WorldControls w, String channelId, long createAt, int n) {
    String author = w.userIds().get(0);
    List<SimPost> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(w.importPost(author, channelId, "history " + i, createAt + i));
    }
    return out;
  }

  /**
   * {@code rounds} rounds, each: a new post, a reply to it, a reaction added to and removed from a history post, a
   * reaction on the new post, an edit of the new post; every 10th round an edit of a history post, every 7th a post
   * created and deleted, every 13th a history post deleted. About 6.3 changes a round.
   *
   * @param old history posts (at least one); they are reacted to in turn
   */
  public static void run(WorldControls w, String channelId, List<SimPost> old, int rounds) {
    String a = w.userIds().get(0);
    String b = w.userIds().get(1);
    List<SimPost> live = new ArrayList<>(old);
    for (int i = 0; i < rounds; i++) {
      SimPost target = live.get(i % live.size());
      SimPost fresh = w.createPost(a, channelId, "new " + i);
      w.createReply(b, fresh.id(), "reply " + i);
      w.addReaction(b, target.id(), "eyes");
      w.removeReaction(b, target.id(), "eyes");
      w.addReaction(a, fresh.id(), "+1");
      w.editPost(fresh.id(), "new " + i + " (edited)");
      if (i % 10 == 0) {
        w.editPost(target.id(), "history, edited in round " + i);
      }
      if (i % 7 == 0) {
        w.deletePost(w.createPost(b, channelId, "doomed " + i).id());
      }
      if (i % 13 == 12 && live.size() > 1) {
        w.deletePost(live.remove(live.size() - 1).id());
      }
    }
  }
}
