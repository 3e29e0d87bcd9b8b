package io.mmpipe.sim.world;

import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.FileInfo;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.Reaction;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.Shapes.PostView;
import io.mmpipe.sim.model.Store;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.ws.Broadcast;
import io.mmpipe.sim.ws.EventSink;
import io.mmpipe.sim.ws.WsEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the WebSocket events of each world action with the data fields of the reference table (JSON-string
 * fields as strings, booleans as strings where the server sends them so).
 */
final class Events {

  private final Store store;
  private final EventSink sink;

  Events(Store store, EventSink sink) {
    this.store = store;
    this.sink = sink;
  }

  void posted(Channel channel, PostRow post, User sender) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel_display_name", channel.displayName());
    data.put("channel_name", channel.name());
    data.put("channel_type", String.valueOf(channel.type()));
    data.put("post", Shapes.toJson(Shapes.post(store, post, PostView.EVENT)));
    data.put("sender_name", "@" + sender.username());
    data.put("set_online", true);
    data.put("team_id", channel.isDirectOrGroup() ? "" : channel.teamId());
    boolean image = false;
    boolean other = false;
    for (String fid : post.fileIds()) {
      FileInfo f = store.file(fid).orElse(null);
      if (f != null && f.mimeType().startsWith("image/")) {
        image = true;
      } else if (f != null) {
        other = true;
      }
    }
    if (image) {
      data.put("image", "true");
    }
    if (other) {
      data.put("otherFile", "true");
    }
    List<String> mentioned = Mentions.of(store, post.message(), channel);
    if (!mentioned.isEmpty()) {
      // old-server shape: the full list of mentioned user ids (current servers send only the receiver's id)
      data.put("mentions", Shapes.toJson(mentioned));
    }
    sink.publish(WsEvent.of("posted", data, Broadcast.toChannel(channel.id())));
  }

  void postEdited(PostRow post) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("post", Shapes.toJson(Shapes.post(store, post, PostView.EVENT)));
    sink.publish(WsEvent.of("post_edited", data, Broadcast.toChannel(post.channelId())));
  }

  /** Two copies as the server sends them: sanitized for non-admins, sensitive with delete_by for admins. */
  void postDeleted(PostRow before, String deleterId) {
    String postJson = Shapes.toJson(Shapes.post(store, before, PostView.BEFORE_DELETE));
    Map<String, Object> sanitized = new LinkedHashMap<>();
    sanitized.put("post", postJson);
    sink.publish(WsEvent.of("post_deleted", sanitized,
        Broadcast.toChannel(before.channelId()).onlyFor(Broadcast.Copy.SANITIZED)));
    Map<String, Object> sensitive = new LinkedHashMap<>();
    sensitive.put("delete_by", deleterId);
    sensitive.put("post", postJson);
    sink.publish(WsEvent.of("post_deleted", sensitive,
        Broadcast.toChannel(before.channelId()).onlyFor(Broadcast.Copy.SENSITIVE)));
  }

  void reaction(String event, Reaction r, String channelId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reaction", Shapes.toJson(Shapes.reaction(r)));
    sink.publish(WsEvent.of(event, data, Broadcast.toChannel(channelId)));
  }

  void statusChange(String userId, String status) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", status);
    data.put("user_id", userId);
    sink.publish(WsEvent.of("status_change", data, Broadcast.toUser(userId)));
  }

  void typing(String userId, String channelId, String parentId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("parent_id", parentId);
    data.put("user_id", userId);
    sink.publish(WsEvent.of("typing", data, Broadcast.toChannel(channelId).omitting(userId)));
  }

  void channelCreated(Channel c) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel_id", c.id());
    data.put("team_id", c.teamId());
    sink.publish(WsEvent.of("channel_created", data, Broadcast.toUser(c.creatorId())));
  }

  void directAdded(Channel c, String creator, String teammate) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("creator_id", creator);
    data.put("teammate_id", teammate);
    sink.publish(WsEvent.of("direct_added", data, Broadcast.toChannel(c.id())));
  }

  void groupAdded(Channel c, List<String> userIds) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("teammate_ids", Shapes.toJson(userIds));
    sink.publish(WsEvent.of("group_added", data, Broadcast.toChannel(c.id())));
  }

  void userAdded(Channel c, String userId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("team_id", c.teamId());
    data.put("user_id", userId);
    sink.publish(WsEvent.of("user_added", data, Broadcast.toChannel(c.id())));
  }

  /** The remaining members get the channel copy; the removed user gets its own copy by user id. */
  void userRemoved(Channel c, String userId, String removerId) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("remover_id", removerId);
    members.put("user_id", userId);
    sink.publish(WsEvent.of("user_removed", members, Broadcast.toChannel(c.id())));
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("channel_id", c.id());
    self.put("remover_id", removerId);
    sink.publish(WsEvent.of("user_removed", self, Broadcast.toUser(userId)));
  }

  void channelUpdated(Channel c) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel", Shapes.toJson(Shapes.channel(c)));
    sink.publish(WsEvent.of("channel_updated", data, Broadcast.toChannel(c.id())));
  }

  void channelDeleted(Channel c) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel_id", c.id());
    data.put("delete_at", c.deleteAt());
    Broadcast to = c.isOpen() ? Broadcast.toTeam(c.teamId()) : Broadcast.toChannel(c.id());
    sink.publish(WsEvent.of("channel_deleted", data, to));
  }

  /** Whether an event for this user alone could reach a connection (see {@link EventSink#reaches}). */
  boolean reaches(String userId) {
    return sink.reaches(userId);
  }

  /** One copy per follower: routed by user id, with that user's read state inside the thread object. */
  void threadUpdated(String followerId, String teamId, Map<String, Object> thread) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("thread", Shapes.toJson(thread));
    sink.publish(WsEvent.of("thread_updated", data, Broadcast.toUserInTeam(followerId, teamId)));
  }

  /** Current servers batch channel views into one event with a channel id -> viewed-at map (an object). */
  void multipleChannelsViewed(String userId, Map<String, Long> channelTimes) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("channel_times", channelTimes);
    sink.publish(WsEvent.of("multiple_channels_viewed", data, Broadcast.toUser(userId)));
  }
}
