package io.mmpipe.sim.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of Mattermost's objects (field names and presence as the real server writes them). */
public final class Shapes {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Shapes() {}

  public static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + o.getClass(), e);
    }
  }

  /** How much of a post to show. */
  public enum PostView {
    /** REST: deleted posts have their message blanked; metadata carries files and reactions. */
    REST,
    /** posted / post_edited events: metadata with files. */
    EVENT,
    /** post_deleted: the post as it was before deletion, without metadata. */
    BEFORE_DELETE
  }

  public static Map<String, Object> post(Store store, PostRow p, PostView view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("create_at", p.createAt());
    m.put("update_at", p.updateAt());
    m.put("edit_at", p.editAt());
    m.put("delete_at", view == PostView.BEFORE_DELETE ? 0L : p.deleteAt());
    m.put("is_pinned", p.isPinned());
    m.put("user_id", p.userId());
    m.put("channel_id", p.channelId());
    m.put("root_id", p.rootId());
    m.put("original_id", p.originalId());
    boolean blank = view == PostView.REST && p.isDeleted() && !p.isHistory();
    m.put("message", blank ? "" : p.message());
    m.put("type", p.type());
    m.put("props", Map.of());
    m.put("hashtags", "");
    m.put("file_ids", p.fileIds());
    m.put("pending_post_id", "");
    m.put("remote_id", "");
    m.put("reply_count", p.replyCount());
    m.put("last_reply_at", p.lastReplyAt());
    m.put("participants", p.participants().isEmpty() ? null : p.participants());
    List<Reaction> reactions = store.activeReactions(p.id());
    if (!reactions.isEmpty()) {
      m.put("has_reactions", true);
    }
    if (view != PostView.BEFORE_DELETE) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("embeds", List.of());
      if (!p.fileIds().isEmpty()) {
        List<Object> files = new ArrayList<>();
        for (String fid : p.fileIds()) {
          store.file(fid).ifPresent(f -> files.add(file(f)));
        }
        meta.put("files", files);
      }
      if (view == PostView.REST && !reactions.isEmpty() && !blank) {
        meta.put("reactions", reactions.stream().map(Shapes::reaction).toList());
      }
      m.put("metadata", meta);
    }
    return m;
  }

  public static Map<String, Object> postList(Store store, PostList list) {
    Map<String, Object> posts = new LinkedHashMap<>();
    list.posts().forEach((id, p) -> posts.put(id, post(store, p, PostView.REST)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("order", list.order());
    m.put("posts", posts);
    m.put("next_post_id", list.nextPostId());
    m.put("prev_post_id", list.prevPostId());
    m.put("has_next", list.hasNext());
    m.put("first_inaccessible_post_time", 0);
    return m;
  }

  public static Map<String, Object> reaction(Reaction r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_id", r.userId());
    m.put("post_id", r.postId());
    m.put("emoji_name", r.emojiName());
    m.put("create_at", r.createAt());
    m.put("update_at", r.updateAt());
    m.put("delete_at", r.deleteAt());
    m.put("remote_id", "");
    m.put("channel_id", r.channelId());
    return m;
  }

  public static Map<String, Object> file(FileInfo f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("user_id", f.userId());
    m.put("post_id", f.postId());
    m.put("channel_id", f.channelId());
    m.put("create_at", f.createAt());
    m.put("update_at", f.createAt());
    m.put("delete_at", 0);
    m.put("name", f.name());
    m.put("extension", f.extension());
    m.put("size", f.size());
    m.put("mime_type", f.mimeType());
    m.put("width", 0);
    m.put("height", 0);
    m.put("has_preview_image", f.mimeType().startsWith("image/"));
    m.put("mini_preview", null);
    m.put("remote_id", "");
    m.put("archived", false);
    return m;
  }

  public static Map<String, Object> channel(Channel c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("create_at", c.createAt());
    m.put("update_at", c.updateAt());
    m.put("delete_at", c.deleteAt());
    m.put("team_id", c.teamId());
    m.put("type", String.valueOf(c.type()));
    m.put("display_name", c.displayName());
    m.put("name", c.name());
    m.put("header", "");
    m.put("purpose", "");
    m.put("last_post_at", c.lastPostAt());
    m.put("total_msg_count", c.totalMsgCount());
    m.put("extra_update_at", 0);
    m.put("creator_id", c.creatorId());
    m.put("scheme_id", null);
    m.put("props", null);
    m.put("group_constrained", null);
    m.put("shared", null);
    m.put("total_msg_count_root", c.totalMsgCount());
    m.put("policy_id", null);
    m.put("last_root_post_at", c.lastPostAt());
    return m;
  }

  /** A ChannelMember; the channel's creator is its admin, as Mattermost makes the creator. */
  public static Map<String, Object> channelMember(Store store, Channel c, String userId) {
    boolean admin = c.creatorId().equals(userId);
    Map<String, Object> notify = new LinkedHashMap<>();
    notify.put("desktop", "default");
    notify.put("email", "default");
    notify.put("ignore_channel_mentions", "default");
    notify.put("mark_unread", "all");
    notify.put("push", "default");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel_id", c.id());
    m.put("user_id", userId);
    m.put("roles", admin ? "channel_user channel_admin" : "channel_user");
    m.put("last_viewed_at", store.lastViewedAt(c.id(), userId));
    m.put("msg_count", 0);
    m.put("mention_count", 0);
    m.put("mention_count_root", 0);
    m.put("urgent_mention_count", 0);
    m.put("msg_count_root", 0);
    m.put("notify_props", notify);
    m.put("last_update_at", c.updateAt());
    m.put("scheme_guest", false);
    m.put("scheme_user", true);
    m.put("scheme_admin", admin);
    m.put("explicit_roles", "");
    return m;
  }

  public static Map<String, Object> user(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("create_at", u.createAt());
    m.put("update_at", u.createAt());
    m.put("delete_at", 0);
    m.put("username", u.username());
    m.put("auth_data", "");
    m.put("auth_service", "");
    m.put("email", u.email());
    m.put("nickname", "");
    m.put("first_name", u.firstName());
    m.put("last_name", u.lastName());
    m.put("position", "");
    m.put("roles", u.roles());
    m.put("locale", "en");
    m.put("timezone", Map.of("automaticTimezone", "", "manualTimezone", "", "useAutomaticTimezone", "true"));
    if (u.isBot()) {
      m.put("is_bot", true);
      m.put("bot_description", "mmpipe bridge");
    }
    m.put("disable_welcome_email", false);
    return m;
  }

  public static Map<String, Object> team(Store store) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", store.teamId());
    m.put("create_at", store.teamCreateAt());
    m.put("update_at", store.teamCreateAt());
    m.put("delete_at", 0);
    m.put("display_name", "Acme");
    m.put("name", store.teamName());
    m.put("description", "");
    m.put("email", "");
    m.put("type", "O");
    m.put("company_name", "");
    m.put("allowed_domains", "");
    m.put("invite_id", "");
    m.put("allow_open_invite", true);
    m.put("scheme_id", null);
    m.put("group_constrained", null);
    m.put("policy_id", null);
    return m;
  }

  /**
   * Mattermost's AppError, the body of every refusal: REST errors, WebSocket endpoint refusals and the error of a
   * FAIL action reply ({@code requestId} empty there).
   */
  public static Map<String, Object> appError(int status, String id, String message, String requestId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("message", message == null ? "" : message);
    m.put("detailed_error", "");
    m.put("request_id", requestId == null ? "" : requestId);
    m.put("status_code", status);
    return m;
  }

  public static Map<String, Object> status(String userId, String status, long lastActivity) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_id", userId);
    m.put("status", status);
    m.put("manual", false);
    m.put("last_activity_at", lastActivity);
    return m;
  }
}
