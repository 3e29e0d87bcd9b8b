package io.mmpipe.sim.rest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Mattermost's create-post dedupe: a {@code pending_post_id} the same user sent in the last 30 seconds gets the post
 * that first request created instead of a second one, so a client that retries after a lost answer posts once. The
 * id itself is not stored with the post: only the create answer echoes it. Bounded as the server's cache
 * ({@code PendingPostIDsCacheSize}, {@code PendingPostIDsCacheTTL} in app/post.go): at most 25,000 ids, each for 30
 * seconds; past the size the oldest is forgotten early.
 */
final class PendingPosts {

  static final long TTL_MS = 30_000;
  static final int MAX_IDS = 25_000;

  private record Seen(String userId, String postId, long atMs) {}

  private final Map<String, Seen> seen = new LinkedHashMap<>(); // insertion order = age
  private final LongSupplier clockMs;

  PendingPosts(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  /** The id of the post {@code pendingPostId} already created for this user, else of the one {@code create} makes. */
  synchronized String createOnce(String userId, String pendingPostId, Supplier<String> create) {
    long now = clockMs.getAsLong();
    Iterator<Seen> oldest = seen.values().iterator();
    while (oldest.hasNext() && now - oldest.next().atMs() > TTL_MS) {
      oldest.remove();
    }
    if (pendingPostId.isEmpty()) {
      return create.get();
    }
    Seen before = seen.get(pendingPostId);
    if (before != null && before.userId().equals(userId)) {
      return before.postId();
    }
    String postId = create.get();
    seen.remove(pendingPostId); // re-inserted as the youngest
    seen.put(pendingPostId, new Seen(userId, postId, now));
    if (seen.size() > MAX_IDS) {
      oldest = seen.values().iterator();
      oldest.next();
      oldest.remove();
    }
    return postId;
  }

  /** How many ids are remembered. */
  synchronized int remembered() {
    return seen.size();
  }
}
