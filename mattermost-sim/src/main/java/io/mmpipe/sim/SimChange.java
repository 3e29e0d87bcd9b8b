package io.mmpipe.sim;

/**
 * One post or reaction change made in the simulated world, in the order it happened; tests compare what the
 * pipeline delivered against this list.
 *
 * @param kind post_created, reply_created, post_edited, post_deleted, reaction_added or reaction_removed
 * @param emojiName null unless the change is a reaction
 * @param at the Mattermost time of the change (the post's update_at after it)
 */
public record SimChange(String kind, String postId, String channelId, String userId, String emojiName, long at) {}
