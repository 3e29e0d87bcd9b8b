package io.mmpipe.ingestor.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.util.ArrayList;
import java.util.List;

/** Turns Mattermost post and reaction objects (any server age) into the normalised Avro records. */
public final class PostParser {

  private PostParser() {}

  public static Post post(JsonNode p) {
    // Old servers name the thread root parent_id; root_id wins when both are present.
    String rootId = Json.text(p, "root_id");
    if (rootId.isEmpty()) {
      rootId = Json.text(p, "parent_id");
    }
    JsonNode props = Json.embedded(p.get("props"));
    JsonNode replyCount = p.get("reply_count");
    return Post.newBuilder()
        .setId(Json.text(p, "id"))
        .setChannelId(Json.text(p, "channel_id"))
        .setUserId(Json.text(p, "user_id"))
        .setRootId(rootId)
        .setOriginalId(Json.text(p, "original_id"))
        .setMessage(Json.text(p, "message"))
        .setType(Json.text(p, "type"))
        .setCreateAt(Json.number(p, "create_at"))
        .setUpdateAt(Json.number(p, "update_at"))
        .setEditAt(Json.number(p, "edit_at"))
        .setDeleteAt(Json.number(p, "delete_at"))
        .setIsPinned(Json.bool(p, "is_pinned"))
        .setFileIds(Json.strings(p.get("file_ids")))
        .setFiles(files(p))
        .setPropsJson(props != null && props.isObject() ? props.toString() : "{}")
        .setPendingPostId(Json.textOrNull(p, "pending_post_id"))
        .setReplyCount(replyCount == null || replyCount.isNull() ? null : Json.number(p, "reply_count"))
        .build();
  }

  private static List<FileInfo> files(JsonNode p) {
    List<FileInfo> out = new ArrayList<>();
    JsonNode meta = Json.embedded(p.get("metadata"));
    JsonNode files = meta == null ? null : Json.embedded(meta.get("files"));
    if (files != null && files.isArray()) {
      for (JsonNode f : files) {
        out.add(FileInfo.newBuilder()
            .setId(Json.text(f, "id"))
            .setName(Json.text(f, "name"))
            .setExtension(Json.text(f, "extension"))
            .setMimeType(Json.text(f, "mime_type"))
            .setSize(Json.number(f, "size"))
            .build());
      }
    }
    return out;
  }

  /**
   * @param fallbackChannelId the broadcast channel, used when the reaction has none (old servers, and
   *                          reaction_removed which sends "")
   */
  public static Reaction reaction(JsonNode r, String fallbackChannelId) {
    String channel = Json.text(r, "channel_id");
    if (channel.isEmpty()) {
      channel = fallbackChannelId;
    }
    return Reaction.newBuilder()
        .setPostId(Json.text(r, "post_id"))
        .setUserId(Json.text(r, "user_id"))
        .setEmojiName(Json.text(r, "emoji_name"))
        .setCreateAt(Json.number(r, "create_at"))
        .setUpdateAt(Json.number(r, "update_at"))
        .setDeleteAt(Json.number(r, "delete_at"))
        .setChannelId(channel == null || channel.isEmpty() ? null : channel)
        .build();
  }
}
