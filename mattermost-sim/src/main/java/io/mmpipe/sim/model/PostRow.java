package io.mmpipe.sim.model;

import java.util.List;

/**
 * One row of Mattermost's Posts table: live posts, deleted posts ({@code deleteAt > 0}) and edit-history rows
 * ({@code originalId} set). Immutable; every change stores a new row under the same id.
 */
public record PostRow(String id, long createAt, long updateAt, long editAt, long deleteAt, boolean isPinned,
                      String userId, String channelId, String rootId, String originalId, String message,
                      String type, List<String> fileIds, long replyCount, long lastReplyAt,
                      List<String> participants) {

  public PostRow {
    fileIds = List.copyOf(fileIds);
    participants = List.copyOf(participants);
  }

  public static PostRow create(String id, long at, String userId, String channelId, String rootId, String message,
      List<String> fileIds) {
    return new PostRow(id, at, at, 0, 0, false, userId, channelId, rootId, "", message, "", fileIds, 0, 0,
        List.of());
  }

  public boolean isRoot() {
    return rootId.isEmpty();
  }

  public boolean isHistory() {
    return !originalId.isEmpty();
  }

  public boolean isDeleted() {
    return deleteAt > 0;
  }

  public PostRow touched(long at) {
    return new PostRow(id, createAt, at, editAt, deleteAt, isPinned, userId, channelId, rootId, originalId, message,
        type, fileIds, replyCount, lastReplyAt, participants);
  }

  public PostRow edited(String newMessage, long at) {
    return new PostRow(id, createAt, at, at, deleteAt, isPinned, userId, channelId, rootId, originalId, newMessage,
        type, fileIds, replyCount, lastReplyAt, participants);
  }

  /** The old version kept by an edit: a new id, original_id pointing at the post, deleted at the edit time. */
  public PostRow asHistory(String historyId, long at) {
    return new PostRow(historyId, createAt, at, editAt, at, isPinned, userId, channelId, rootId, id, message, type,
        fileIds, replyCount, lastReplyAt, participants);
  }

  public PostRow deleted(long at) {
    return new PostRow(id, createAt, at, editAt, at, isPinned, userId, channelId, rootId, originalId, message, type,
        fileIds, replyCount, lastReplyAt, participants);
  }

  public PostRow withReply(String replier, long at) {
    List<String> p = new java.util.ArrayList<>(participants);
    if (!p.contains(replier)) {
      p.add(replier);
    }
    return new PostRow(id, createAt, at, editAt, deleteAt, isPinned, userId, channelId, rootId, originalId, message,
        type, fileIds, replyCount + 1, at, p);
  }

  public PostRow withReplyRemoved(long at) {
    return new PostRow(id, createAt, at, editAt, deleteAt, isPinned, userId, channelId, rootId, originalId, message,
        type, fileIds, Math.max(0, replyCount - 1), lastReplyAt, participants);
  }
}
