package io.mmpipe.sim.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read paths of {@code GET /channels/{id}/posts} and {@code /posts/{id}/thread}, as Mattermost's store runs them. */
public final class PostQueries {

  /** Mattermost caps a since query at this many rows, applied before ordering. */
  public static final int SINCE_CAP = 1000;
  public static final int DEFAULT_PER_PAGE = 60;
  public static final int MAX_PER_PAGE = 200;

  private static final Comparator<PostRow> NEWEST_FIRST =
      Comparator.comparingLong(PostRow::createAt).reversed().thenComparing(PostRow::id);

  private PostQueries() {}

  /**
   * Every row of the channel with {@code update_at > since}: created, edited, deleted and reacted-to posts and
   * edit-history rows. The cap is applied BEFORE ordering, like the SQL LIMIT without ORDER BY: when more rows
   * match, an arbitrary (here: lowest ids) subset comes back.
   */
  public static PostList since(Store store, String channelId, long since, int cap) {
    List<PostRow> matching = new ArrayList<>();
    for (PostRow p : store.channelRows(channelId)) {
      if (p.updateAt() > since) {
        matching.add(p);
      }
    }
    if (matching.size() > cap) {
      matching.sort(Comparator.comparing(PostRow::id)); // random ids: an arbitrary, repeatable subset
      matching = new ArrayList<>(matching.subList(0, cap));
    }
    matching.sort(NEWEST_FIRST);
    return withRoots(store, matching, "", "", false);
  }

  /** The paged modes without deleted posts, as a client that does not ask for them gets. */
  public static PostList page(Store store, String channelId, int page, int perPage, String before, String after) {
    return page(store, channelId, page, perPage, before, after, false);
  }

  /**
   * The paged modes: live posts only (no deleted, no history rows) unless {@code includeDeleted} (a system admin's
   * {@code include_deleted=true}: every row, as SqlPostStore.getRootPosts without its DeleteAt filter), newest first;
   * {@code before}/{@code after} take the posts created before/after that post (found among ALL rows, like the
   * server's {@code CreateAt < (SELECT CreateAt FROM Posts WHERE Id = ?)}, so a deleted anchor still works),
   * {@code page} skips whole pages.
   */
  public static PostList page(Store store, String channelId, int page, int perPage, String before, String after,
      boolean includeDeleted) {
    List<PostRow> live = new ArrayList<>();
    for (PostRow p : store.channelRows(channelId)) {
      if (includeDeleted || (!p.isDeleted() && !p.isHistory())) {
        live.add(p);
      }
    }
    live.sort(NEWEST_FIRST); // index 0 = newest
    int from = 0;
    int to = live.size();
    String anchorId = before.isEmpty() ? after : before;
    if (!anchorId.isEmpty()) {
      PostRow anchor = store.post(anchorId).orElse(null);
      if (anchor == null) {
        return empty();
      }
      long at = anchor.createAt();
      int firstOlder = 0;
      while (firstOlder < live.size() && live.get(firstOlder).createAt() >= at) {
        firstOlder++;
      }
      int firstNotNewer = 0;
      while (firstNotNewer < live.size() && live.get(firstNotNewer).createAt() > at) {
        firstNotNewer++;
      }
      if (!before.isEmpty()) {
        from = firstOlder;
      } else {
        to = firstNotNewer;
      }
    }
    List<PostRow> window = live.subList(from, to);
    List<PostRow> selected;
    int start;
    if (!after.isEmpty()) {
      // after= walks towards newer posts: the page closest to the anchor comes first
      int end = Math.max(0, window.size() - page * perPage);
      start = Math.max(0, end - perPage);
      selected = window.subList(start, end);
      start += from;
    } else {
      int s = Math.min(window.size(), page * perPage);
      int e = Math.min(window.size(), s + perPage);
      selected = window.subList(s, e);
      start = from + s;
    }
    String next = start > 0 && !selected.isEmpty() ? live.get(start - 1).id() : "";
    int endIdx = start + selected.size();
    String prev = endIdx < live.size() && !selected.isEmpty() ? live.get(endIdx).id() : "";
    return withRoots(store, selected, next, prev, !next.isEmpty());
  }

  /** A thread: the root and every reply (deleted replies excluded), order newest first. */
  public static PostList thread(Store store, PostRow any) {
    String rootId = any.isRoot() ? any.id() : any.rootId();
    PostRow root = store.post(rootId).orElse(any);
    List<PostRow> rows = new ArrayList<>();
    rows.add(root);
    for (PostRow r : store.replies(rootId)) {
      if (!r.isDeleted()) {
        rows.add(r);
      }
    }
    rows.sort(NEWEST_FIRST);
    return withRoots(store, rows, "", "", false);
  }

  private static PostList empty() {
    return new PostList(List.of(), Map.of(), "", "", false);
  }

  private static PostList withRoots(Store store, List<PostRow> rows, String next, String prev, boolean hasNext) {
    List<String> order = new ArrayList<>(rows.size());
    Map<String, PostRow> posts = new LinkedHashMap<>();
    for (PostRow p : rows) {
      order.add(p.id());
      posts.put(p.id(), p);
    }
    for (PostRow p : rows) {
      if (!p.isRoot() && !posts.containsKey(p.rootId())) {
        store.post(p.rootId()).ifPresent(root -> posts.put(root.id(), root));
      }
    }
    return new PostList(order, posts, next, prev, hasNext);
  }
}
