package io.mmpipe.sim.world;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.FileInfo;
import io.mmpipe.sim.model.PostRow;
import java.util.List;
import java.util.Locale;

/** Creating, editing and deleting posts, with the row bookkeeping Mattermost's post store does. Under the lock. */
final class PostActions {

  private final ActionContext w;
  private final Threads threads;

  PostActions(ActionContext w) {
    this.w = w;
    this.threads = new Threads(w);
  }

  /** Stores an uploaded file not yet attached to a post; returns its id. */
  String upload(String userId, String channelId, String fileName, String mimeType, long size) {
    return upload(userId, channelId, fileName, mimeType, size, null);
  }

  /** As {@link #upload(String, String, String, String, long)}, keeping the bytes (REST uploads) when not null. */
  String upload(String userId, String channelId, String fileName, String mimeType, long size, byte[] content) {
    w.requireMember(channelId, userId);
    String fileId = w.ids.next();
    int dot = fileName.lastIndexOf('.');
    String ext = dot >= 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    w.store.putFile(new FileInfo(fileId, userId, "", channelId, fileName, ext, size, mimeType, w.clock.peek()));
    if (content != null) {
      w.store.putFileContent(fileId, content);
    }
    return fileId;
  }

  /** Creates a post or reply; file ids must be uploaded files. */
  PostRow post(String userId, String channelId, String rootId, String message, List<String> fileIds) {
    Channel channel = w.requireMember(channelId, userId);
    if (channel.deleteAt() > 0) {
      throw ApiException.forbidden();
    }
    PostRow root = null;
    if (!rootId.isEmpty()) {
      root = w.livePost(rootId);
      if (!root.channelId().equals(channelId) || !root.isRoot()) {
        throw new ApiException(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.");
      }
    }
    long at = w.clock.next();
    PostRow row = PostRow.create(w.ids.next(), at, userId, channelId, rootId, message, fileIds);
    for (String fid : fileIds) {
      FileInfo f = w.store.file(fid).orElseThrow(() -> ApiException.badRequest("file_ids"));
      w.store.putFile(new FileInfo(f.id(), f.userId(), row.id(), channelId, f.name(), f.extension(), f.size(),
          f.mimeType(), f.createAt()));
    }
    w.store.insertPost(row);
    if (root != null) {
      // a new reply bumps its root (reply_count, last_reply_at, participants and update_at)
      w.store.updatePost(root.withReply(userId, at));
    }
    w.store.putChannel(channel.withPostAt(at));
    w.record(new SimChange(root == null ? "post_created" : "reply_created", row.id(), channelId, userId, null, at));
    w.events.posted(channel, row, w.user(userId));
    if (root == null) {
      threads.rootCreated(row, channel);
    } else {
      threads.replyChanged(row, channel, true);
    }
    return row;
  }

  /** A root post with an earlier create_at, stored without events (an import); recorded as created at that time. */
  PostRow imported(String userId, String channelId, String message, long createAt) {
    w.requireMember(channelId, userId);
    if (createAt <= 0 || createAt > w.clock.peek()) {
      throw new IllegalArgumentException("an imported post's create_at must be in the past: " + createAt);
    }
    PostRow row = PostRow.create(w.ids.next(), createAt, userId, channelId, "", message, List.of());
    w.store.insertPost(row);
    w.record(new SimChange("post_created", row.id(), channelId, userId, null, createAt));
    return row;
  }

  PostRow edit(String postId, String newMessage) {
    PostRow old = w.livePost(postId);
    long at = w.clock.next();
    // Mattermost keeps the previous version as a new row pointing at the post, deleted at the edit time
    w.store.insertPost(old.asHistory(w.ids.next(), at));
    PostRow edited = old.edited(newMessage, at);
    w.store.updatePost(edited);
    bumpRoot(edited, at);
    w.record(new SimChange("post_edited", postId, old.channelId(), old.userId(), null, at));
    w.events.postEdited(edited);
    if (!edited.isRoot()) {
      threads.replyChanged(edited, w.channel(edited.channelId()), true);
    }
    return edited;
  }

  /** Deletes a post (and a root's replies); {@code deleterId} null means the author. Returns the row before. */
  PostRow delete(String postId, String deleterId) {
    PostRow before = w.livePost(postId);
    long at = w.clock.next();
    w.store.updatePost(before.deleted(at));
    w.record(new SimChange("post_deleted", postId, before.channelId(), before.userId(), null, at));
    if (before.isRoot()) {
      for (PostRow reply : w.store.replies(postId)) {
        if (!reply.isDeleted()) {
          w.store.updatePost(reply.deleted(at));
          w.record(new SimChange("post_deleted", reply.id(), reply.channelId(), reply.userId(), null, at));
        }
      }
    } else {
      w.store.post(before.rootId()).ifPresent(root -> w.store.updatePost(root.withReplyRemoved(at)));
    }
    w.events.postDeleted(before, deleterId == null ? before.userId() : deleterId);
    if (!before.isRoot()) {
      threads.replyChanged(w.store.post(postId).orElseThrow(), w.channel(before.channelId()), false);
    }
    return before;
  }

  /** A reply's edit or delete bumps its root's update_at (a since poll of the root sees the thread moved). */
  private void bumpRoot(PostRow p, long at) {
    if (!p.isRoot()) {
      w.store.post(p.rootId()).ifPresent(root -> w.store.updatePost(root.touched(at)));
    }
  }
}
