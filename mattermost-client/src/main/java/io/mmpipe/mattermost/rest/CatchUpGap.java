package io.mmpipe.mattermost.rest;

/**
 * Changes a catch-up could not prove it saw: what Mattermost's API leaves out of reach after a capped {@code since}
 * answer. Every change made in {@code (from, to]} is known EXCEPT possibly those to posts created before
 * {@code postsCreatedBefore} and, when {@code deletionsHidden}, deletions of any post.
 *
 * @param from               the catch-up's start (exclusive), ms
 * @param to                 the end of the uncertain window, ms: later changes were all seen
 * @param postsCreatedBefore the walk covered posts created at or after this (ms); 0 when it reached the channel's
 *                           first post
 * @param deletionsHidden    the token may not read deleted posts ({@code include_deleted} is for system admins)
 */
public record CatchUpGap(long from, long to, long postsCreatedBefore, boolean deletionsHidden) {

  public CatchUpGap {
    if (to < from) {
      throw new IllegalArgumentException("a gap ends after it starts: " + from + " > " + to);
    }
    if (postsCreatedBefore <= 0 && !deletionsHidden) {
      throw new IllegalArgumentException("a gap misses old posts, deletions, or both");
    }
  }

  /** Why, in words, for logs and the update's data. */
  public String reason() {
    String old = postsCreatedBefore > 0 ? "changes to posts created before " + postsCreatedBefore
        + " (the catch-up horizon)" : "";
    String del = deletionsHidden ? "deletions (include_deleted needs a system admin token)" : "";
    return (old.isEmpty() ? del : del.isEmpty() ? old : old + " and " + del)
        + " made after " + from + " and up to " + to + " may be missing: the since answer hit its "
        + PostsApi.SINCE_CAP + "-row cap";
  }
}
