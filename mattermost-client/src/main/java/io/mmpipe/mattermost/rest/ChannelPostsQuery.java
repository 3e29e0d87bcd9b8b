package io.mmpipe.mattermost.rest;

/**
 * Which posts of a channel to read ({@code GET /channels/{id}/posts}). Mattermost takes either {@code since} alone
 * (every row with {@code update_at > since}, at most 1000, edits and deletions included) or a page, optionally
 * before or after a post; it refuses the mix, and so does this record.
 *
 * @param since   ms since epoch, or null
 * @param before  a post id: the page ends just before it (older posts), or null
 * @param after   a post id: the page starts just after it (newer posts), or null
 * @param page    from 0, or null for the server's default
 * @param perPage at most 200 (the server clamps larger values), or null for its default of 60
 * @param includeDeleted the paged modes only: also deleted posts and edit-history rows ({@code include_deleted});
 *                       Mattermost allows it to system admins only and answers others 403; null = not asked
 */
public record ChannelPostsQuery(Long since, String before, String after, Integer page, Integer perPage,
                                Boolean includeDeleted) {

  public ChannelPostsQuery {
    if (since != null && (before != null || after != null || page != null || perPage != null
        || includeDeleted != null)) {
      throw new IllegalArgumentException(
          "since cannot be combined with before, after, page, per_page or include_deleted");
    }
    if (before != null && after != null) {
      throw new IllegalArgumentException("give before or after, not both");
    }
    if ((page != null && page < 0) || (perPage != null && perPage < 1)) {
      throw new IllegalArgumentException("page must be >= 0 and per_page >= 1");
    }
  }

  public ChannelPostsQuery(Long since, String before, String after, Integer page, Integer perPage) {
    this(since, before, after, page, perPage, null);
  }

  public static ChannelPostsQuery since(long since) {
    return new ChannelPostsQuery(since, null, null, null, null);
  }

  /** The newest posts first. */
  public static ChannelPostsQuery page(int page, int perPage) {
    return new ChannelPostsQuery(null, null, null, page, perPage);
  }

  public static ChannelPostsQuery before(String postId, int perPage) {
    return new ChannelPostsQuery(null, postId, null, 0, perPage);
  }

  /** The posts older than {@code postId} (or the newest when null), deleted and edit-history rows included. */
  public static ChannelPostsQuery beforeIncludingDeleted(String postId, int perPage) {
    return new ChannelPostsQuery(null, postId, null, 0, perPage, true);
  }

  public static ChannelPostsQuery after(String postId, int perPage) {
    return new ChannelPostsQuery(null, null, postId, 0, perPage);
  }

  Query toQuery() {
    return Query.none().add("since", since).add("before", before).add("after", after).add("page", page)
        .add("per_page", perPage).add("include_deleted", Boolean.TRUE.equals(includeDeleted) ? "true" : null);
  }
}
