package io.mmpipe.streams.updates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;

/** Mattermost's JSON shape of a post, a reaction and a file, as objects (never JSON-encoded strings). */
public final class PostJson {

  private PostJson() {}

  public static ObjectNode post(Post p) {
    ObjectNode n = Updates.object();
    n.put("id", p.getId());
    n.put("create_at", p.getCreateAt());
    n.put("update_at", p.getUpdateAt());
    n.put("edit_at", p.getEditAt());
    n.put("delete_at", p.getDeleteAt());
    n.put("is_pinned", p.getIsPinned());
    n.put("user_id", p.getUserId());
    n.put("channel_id", p.getChannelId());
    n.put("root_id", p.getRootId());
    n.put("original_id", p.getOriginalId());
    n.put("message", p.getMessage());
    n.put("type", p.getType());
    n.set("props", props(p.getPropsJson(), p.getId()));
    ArrayNode fileIds = n.putArray("file_ids");
    p.getFileIds().forEach(fileIds::add);
    if (p.getPendingPostId() != null) {
      n.put("pending_post_id", p.getPendingPostId());
    }
    if (p.getReplyCount() != null) {
      n.put("reply_count", p.getReplyCount());
    }
    if (!p.getFiles().isEmpty()) {
      ArrayNode files = n.putObject("metadata").putArray("files");
      p.getFiles().forEach(f -> files.add(file(f, p)));
    }
    return n;
  }

  public static ObjectNode file(FileInfo f, Post p) {
    ObjectNode n = Updates.object();
    n.put("id", f.getId());
    n.put("name", f.getName());
    n.put("extension", f.getExtension());
    n.put("mime_type", f.getMimeType());
    n.put("size", f.getSize());
    n.put("post_id", p.getId());
    return n;
  }

  public static ObjectNode reaction(Reaction r) {
    ObjectNode n = Updates.object();
    n.put("user_id", r.getUserId());
    n.put("post_id", r.getPostId());
    n.put("emoji_name", r.getEmojiName());
    n.put("create_at", r.getCreateAt());
    n.put("update_at", r.getUpdateAt());
    n.put("delete_at", r.getDeleteAt());
    if (r.getChannelId() != null) {
      n.put("channel_id", r.getChannelId());
    }
    return n;
  }

  /** props_json must be an object; anything else is bad input, which the processing handler sends to the DLQ. */
  private static JsonNode props(String json, String postId) {
    if (json == null || json.isBlank()) {
      return Updates.object();
    }
    try {
      JsonNode n = Updates.MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("post " + postId + ": props_json is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("post " + postId + ": props_json is not valid JSON", e);
    }
  }
}
