package io.mmpipe.sim.world;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.Reaction;
import java.util.regex.Pattern;

/** Adding and removing reactions by state, as Mattermost's reaction store does. Under the world's lock. */
final class ReactionActions {

  private static final Pattern EMOJI = Pattern.compile("^[a-zA-Z0-9\\-+_]+$");

  private final ActionContext w;

  ReactionActions(ActionContext w) {
    this.w = w;
  }

  void add(String userId, String postId, String emoji) {
    PostRow post = w.livePost(postId);
    w.requireMember(post.channelId(), userId);
    requireEmoji(emoji);
    Reaction existing = w.store.reaction(postId, userId, emoji).orElse(null);
    if (existing != null && existing.active()) {
      return; // already there: Mattermost saves nothing new and the state is unchanged
    }
    long at = w.clock.next();
    long createAt = existing == null ? at : existing.createAt();
    Reaction r = new Reaction(userId, postId, emoji, post.channelId(), createAt, at, 0);
    w.store.putReaction(r);
    w.store.updatePost(post.touched(at)); // a reaction bumps the post's update_at so since-polling sees it
    w.record(new SimChange("reaction_added", postId, post.channelId(), userId, emoji, at));
    w.events.reaction("reaction_added", r, post.channelId());
  }

  void remove(String userId, String postId, String emoji) {
    PostRow post = w.livePost(postId);
    Reaction existing = w.store.reaction(postId, userId, emoji).orElse(null);
    if (existing == null || !existing.active()) {
      return;
    }
    long at = w.clock.next();
    w.store.putReaction(new Reaction(userId, postId, emoji, existing.channelId(), existing.createAt(), at, at));
    w.store.updatePost(post.touched(at));
    w.record(new SimChange("reaction_removed", postId, post.channelId(), userId, emoji, at));
    // the removed event carries create_at 0, update_at now, delete_at 0 and no channel id, as the server sends it
    w.events.reaction("reaction_removed", new Reaction(userId, postId, emoji, "", 0, at, 0), post.channelId());
  }

  private static void requireEmoji(String emoji) {
    if (emoji == null || emoji.length() > 64 || !EMOJI.matcher(emoji).matches()) {
      throw ApiException.badRequest("emoji_name");
    }
  }
}
