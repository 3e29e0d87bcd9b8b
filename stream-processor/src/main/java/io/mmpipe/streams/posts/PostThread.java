package io.mmpipe.streams.posts;

import java.util.ArrayList;
import java.util.List;

/**
 * The replies the processor knows of one root post, so deleting the root can report each reply as deleted.
 *
 * @param replies     newest last; bounded by {@link #MAX_REPLIES}
 * @param lastReplyAt when a reply was last added (ms), for expiry of idle threads
 */
public record PostThread(List<Reply> replies, long lastReplyAt) {

  /** A thread longer than this keeps its newest replies: memory per root stays bounded. */
  public static final int MAX_REPLIES = 1000;

  public record Reply(String id, String userId) {}

  public PostThread {
    replies = List.copyOf(replies);
  }

  public static PostThread empty() {
    return new PostThread(List.of(), 0);
  }

  public PostThread with(String id, String userId, long at) {
    if (replies.stream().anyMatch(r -> r.id().equals(id))) {
      return this;
    }
    List<Reply> next = new ArrayList<>(replies);
    next.add(new Reply(id, userId));
    if (next.size() > MAX_REPLIES) {
      next = next.subList(next.size() - MAX_REPLIES, next.size());
    }
    return new PostThread(next, Math.max(lastReplyAt, at));
  }

  public PostThread without(String id) {
    return new PostThread(replies.stream().filter(r -> !r.id().equals(id)).toList(), lastReplyAt);
  }
}
