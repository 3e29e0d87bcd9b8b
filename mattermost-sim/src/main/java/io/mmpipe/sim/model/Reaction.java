package io.mmpipe.sim.model;

/**
 * A reaction row. Identity is (post, user, emoji); removing sets delete_at and re-adding revives the same row, as
 * Mattermost's store does.
 */
public record Reaction(String userId, String postId, String emojiName, String channelId, long createAt,
                       long updateAt, long deleteAt) {

  public boolean active() {
    return deleteAt == 0;
  }
}
