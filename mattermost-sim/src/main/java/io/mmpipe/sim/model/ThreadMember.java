package io.mmpipe.sim.model;

/**
 * A user's membership of a thread (Mattermost's ThreadMemberships row): whether they follow it and when they last
 * viewed it. Unread counts are derived from the replies, so they can never disagree with the posts.
 */
public record ThreadMember(String rootId, String userId, boolean following, long lastViewedAt) {

  public ThreadMember viewedAt(long at) {
    return new ThreadMember(rootId, userId, following, Math.max(lastViewedAt, at));
  }

  public ThreadMember followed() {
    return new ThreadMember(rootId, userId, true, lastViewedAt);
  }
}
