package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.mattermost.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every post row of a channel changed after a time, as complete as Mattermost's API allows. The server's
 * {@code since} query is {@code UpdateAt > ? AND ChannelId = ? LIMIT 1000} with no ORDER BY before the LIMIT
 * (SqlPostStore.GetPostsSince), so a full answer is an arbitrary subset. Then:
 * <ol>
 *   <li>the channel's pages are walked newest first by {@code create_at} ({@code before=} a post of the page, not
 *   {@code page=N}, so a post deleted meanwhile cannot shift a page and hide its neighbour), with
 *   {@code include_deleted=true} where the token may (system admins; others get 403 and the walk goes on without),
 *   down to the horizon: every row of a post created since then whose {@code update_at} passed the start is a change
 *   (created, edited, deleted or reacted to; a reply's change bumps its root too);</li>
 *   <li>then {@code since} is asked again from later times until an answer is under the cap: from there on the
 *   answer is complete, so only the window before it can hide changes to posts older than the horizon (and
 *   deletions, for a token that may not read them). That window is returned as a {@link CatchUpGap}.</li>
 * </ol>
 */
final class ChangeWalk {

  private static final Logger log = LoggerFactory.getLogger(ChangeWalk.class);
  static final int PER_PAGE = 200;
  /** A hard stop for one walk (a million posts); what it leaves out is reported, never dropped silently. */
  static final int MAX_PAGES = 5_000;
  /** Each probe halves the known rows it trusts; a dozen reach the newest row. */
  private static final int MAX_PROBES = 12;

  private final PostsApi posts;
  private final int maxPages;
  /** Learnt once per client: this token may not read deleted posts. */
  private volatile boolean deletedRefused;

  ChangeWalk(PostsApi posts) {
    this(posts, MAX_PAGES);
  }

  /** With another page limit (tests). */
  ChangeWalk(PostsApi posts, int maxPages) {
    this.posts = posts;
    this.maxPages = maxPages;
  }

  PostRows since(String channelId, long since, long horizon) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    if (ask(channelId, since, rows) < PostsApi.SINCE_CAP) {
      return new PostRows(List.copyOf(rows.values()), false, null);
    }
    log.info("channel {}: since={} hit the {}-row cap; walking its pages back to {}", channelId, since,
        PostsApi.SINCE_CAP, horizon);
    Walked walked = walk(channelId, since, horizon, rows);
    long completeAfter = probe(channelId, since, rows);
    CatchUpGap gap = null;
    if (!walked.reachedFirstPost() || walked.deletionsHidden()) {
      long to = Math.max(since, completeAfter);
      gap = new CatchUpGap(since, to, walked.reachedFirstPost() ? 0 : walked.oldestCreate(),
          walked.deletionsHidden());
    }
    return new PostRows(List.copyOf(rows.values()), true, gap);
  }

  private record Walked(boolean reachedFirstPost, long oldestCreate, boolean deletionsHidden) {}

  private Walked walk(String channelId, long since, long horizon, Map<String, JsonNode> rows) {
    String before = null;
    long oldest = Long.MAX_VALUE;
    for (int pages = 0; pages < maxPages; ) {
      boolean withDeleted = !deletedRefused;
      JsonNode list;
      try {
        list = posts.channelPosts(channelId, withDeleted ? ChannelPostsQuery.beforeIncludingDeleted(before, PER_PAGE)
            : ChannelPostsQuery.before(before, PER_PAGE));
      } catch (MattermostApiException e) {
        if (withDeleted && e.kind() == MattermostApiException.Kind.FORBIDDEN) {
          deletedRefused = true;
          log.warn("include_deleted refused (the token is not a system admin): deletions of posts missing from a "
              + "capped since answer cannot be seen and are reported as gaps");
          continue;
        }
        throw e;
      }
      pages++;
      List<JsonNode> page = ordered(list);
      for (JsonNode p : page) {
        oldest = Math.min(oldest, Json.number(p, "create_at"));
        if (Json.number(p, "update_at") > since) {
          merge(rows, p);
        }
      }
      if (page.size() < PER_PAGE) {
        return new Walked(true, 0, deletedRefused);
      }
      if (oldest < horizon) {
        return new Walked(false, oldest, deletedRefused);
      }
      before = anchor(page);
    }
    log.warn("channel {}: the catch-up walk stopped after {} pages at create_at {}", channelId, maxPages, oldest);
    return new Walked(false, oldest, deletedRefused);
  }

  /**
   * The post the next page starts below. The server pages by {@code CreateAt < anchor's CreateAt}, and rows share a
   * create_at (an edit's history row keeps its post's): anchoring on the page's last row would skip the rest of its
   * millisecond, so the anchor is the last row of an EARLIER millisecond and the oldest one is read again whole.
   */
  private static String anchor(List<JsonNode> newestFirst) {
    long oldest = Json.number(newestFirst.getLast(), "create_at");
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      if (Json.number(newestFirst.get(i), "create_at") > oldest) {
        return Json.text(newestFirst.get(i), "id");
      }
    }
    return Json.text(newestFirst.getLast(), "id"); // a whole page in one millisecond: nothing earlier to anchor on
  }

  /**
   * The earliest time after which the server's own answer proved complete, or the newest row's update_at when no
   * probe did. A probe at t can only come back under the cap if fewer than 1000 known rows changed after t, so
   * each starts from the newest 999 known rows and halves that number.
   */
  private long probe(String channelId, long since, Map<String, JsonNode> rows) {
    int trusted = PostsApi.SINCE_CAP - 1;
    for (int i = 0; i < MAX_PROBES; i++) {
      List<Long> newestFirst = new ArrayList<>();
      rows.values().forEach(p -> newestFirst.add(Json.number(p, "update_at")));
      newestFirst.sort(Comparator.reverseOrder());
      if (newestFirst.isEmpty()) {
        return since;
      }
      long t = newestFirst.get(Math.min(trusted, newestFirst.size() - 1));
      if (ask(channelId, t, rows) < PostsApi.SINCE_CAP) {
        return t;
      }
      if (trusted == 0) {
        break;
      }
      trusted /= 2;
    }
    return rows.values().stream().mapToLong(p -> Json.number(p, "update_at")).max().orElse(since);
  }

  /** One since query merged into {@code rows}; returns how many rows it answered. */
  private int ask(String channelId, long since, Map<String, JsonNode> rows) {
    List<JsonNode> got = ordered(posts.channelPosts(channelId, ChannelPostsQuery.since(since)));
    got.forEach(p -> merge(rows, p));
    return got.size();
  }

  /** Keeps the newest version of each row (a later answer may have seen a later change). */
  private static void merge(Map<String, JsonNode> rows, JsonNode p) {
    rows.merge(Json.text(p, "id"), p,
        (had, now) -> Json.number(now, "update_at") >= Json.number(had, "update_at") ? now : had);
  }

  /** A PostList's posts in its {@code order}: roots attached only for context are left out. */
  static List<JsonNode> ordered(JsonNode list) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode map = list.path("posts");
    for (JsonNode id : list.path("order")) {
      JsonNode p = map.get(id.asText());
      if (p != null && p.isObject()) {
        out.add(p);
      }
    }
    return out;
  }
}
