package io.mmpipe.sim.world;

import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.Shapes.PostView;
import io.mmpipe.sim.model.ThreadMember;
import io.mmpipe.sim.model.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thread following as with collapsed reply threads: the root's author, everyone who replies and everyone mentioned
 * in the thread follow it, and every reply posted, edited or deleted sends each follower a {@code thread_updated}
 * with the thread as that follower sees it. Under the world's lock.
 */
final class Threads {

  private final ActionContext w;

  Threads(ActionContext w) {
    this.w = w;
  }

  /** A new root: its author and the members it mentions follow it (nothing is sent until someone replies). */
  void rootCreated(PostRow root, Channel channel) {
    follow(root.id(), root.userId(), root.createAt());
    for (String mentioned : Mentions.of(w.store, root.message(), channel)) {
      follow(root.id(), mentioned, 0);
    }
  }

  /** A reply was posted, edited or deleted: update who follows, then tell every follower. */
  void replyChanged(PostRow reply, Channel channel, boolean authorViewed) {
    String rootId = reply.rootId();
    // the root's author follows even when the root predates following (or they had stopped viewing it)
    w.store.post(rootId).ifPresent(root -> follow(rootId, root.userId(), 0));
    follow(rootId, reply.userId(), authorViewed ? reply.updateAt() : 0);
    for (String mentioned : Mentions.of(w.store, reply.message(), channel)) {
      follow(rootId, mentioned, 0);
    }
    PostRow root = w.store.post(rootId).orElse(null);
    if (root == null || root.isDeleted()) {
      return; // the thread itself is gone: nothing left to update
    }
    for (ThreadMember m : w.store.threadFollowers(rootId)) {
      // a follower who left the channel can no longer read the thread; one without a connection gets nothing
      if (channel.isMember(m.userId()) && w.events.reaches(m.userId())) {
        w.events.threadUpdated(m.userId(), channel.teamId(), thread(root, m));
      }
    }
  }

  private void follow(String rootId, String userId, long viewedAt) {
    ThreadMember m = w.store.threadMember(rootId, userId).orElse(new ThreadMember(rootId, userId, true, 0));
    w.store.putThreadMember(m.followed().viewedAt(viewedAt));
  }

  /** The ThreadResponse object of the web API, with this follower's unread counts. */
  Map<String, Object> thread(PostRow root, ThreadMember member) {
    User follower = w.user(member.userId());
    int unreadReplies = 0;
    int unreadMentions = 0;
    for (PostRow r : w.store.replies(root.id())) {
      if (!r.isDeleted() && r.createAt() > member.lastViewedAt() && !r.userId().equals(member.userId())) {
        unreadReplies++;
        if (Mentions.mentions(r.message(), follower.username())) {
          unreadMentions++;
        }
      }
    }
    List<Object> participants = new ArrayList<>();
    for (String id : root.participants()) {
      w.store.user(id).ifPresent(u -> participants.add(Shapes.user(u)));
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", root.id());
    t.put("reply_count", root.replyCount());
    t.put("last_reply_at", root.lastReplyAt());
    t.put("last_viewed_at", member.lastViewedAt());
    t.put("participants", participants);
    t.put("post", Shapes.post(w.store, root, PostView.EVENT));
    t.put("unread_replies", unreadReplies);
    t.put("unread_mentions", unreadMentions);
    t.put("is_urgent", false);
    t.put("delete_at", 0);
    return t;
  }
}
