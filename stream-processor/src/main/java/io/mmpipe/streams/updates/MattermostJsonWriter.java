package io.mmpipe.streams.updates;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.io.IOException;

/**
 * Writes Mattermost's JSON shape of a post, a reaction and a file, as objects (never JSON-encoded strings). Posts
 * and files are the bulk of all updates, so they are streamed straight into the update's generator (no tree per
 * update).
 */
public final class MattermostJsonWriter {

  private MattermostJsonWriter() {}

  public static void writePost(JsonGenerator g, Post p) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", p.getId());
    g.writeNumberField("create_at", p.getCreateAt());
    g.writeNumberField("update_at", p.getUpdateAt());
    g.writeNumberField("edit_at", p.getEditAt());
    g.writeNumberField("delete_at", p.getDeleteAt());
    g.writeBooleanField("is_pinned", p.getIsPinned());
    g.writeStringField("user_id", p.getUserId());
    g.writeStringField("channel_id", p.getChannelId());
    g.writeStringField("root_id", p.getRootId());
    g.writeStringField("original_id", p.getOriginalId());
    g.writeStringField("message", p.getMessage());
    g.writeStringField("type", p.getType());
    g.writeFieldName("props");
    writeProps(g, p.getPropsJson(), p.getId());
    g.writeArrayFieldStart("file_ids");
    for (String id : p.getFileIds()) {
      g.writeString(id);
    }
    g.writeEndArray();
    if (p.getPendingPostId() != null) {
      g.writeStringField("pending_post_id", p.getPendingPostId());
    }
    if (p.getReplyCount() != null) {
      g.writeNumberField("reply_count", p.getReplyCount());
    }
    if (!p.getFiles().isEmpty()) {
      g.writeObjectFieldStart("metadata");
      g.writeArrayFieldStart("files");
      for (FileInfo f : p.getFiles()) {
        writeFile(g, f, p);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  public static void writeFile(JsonGenerator g, FileInfo f, Post p) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", f.getId());
    g.writeStringField("name", f.getName());
    g.writeStringField("extension", f.getExtension());
    g.writeStringField("mime_type", f.getMimeType());
    g.writeNumberField("size", f.getSize());
    g.writeStringField("post_id", p.getId());
    g.writeEndObject();
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

  /**
   * Copies props_json token by token. It must be an object; anything else is bad input, which the processing
   * handler sends to the DLQ (the partial output is discarded with the failed update).
   */
  private static void writeProps(JsonGenerator g, String json, String postId) throws IOException {
    if (json == null || json.isBlank()) {
      g.writeStartObject();
      g.writeEndObject();
      return;
    }
    try (JsonParser parser = Updates.MAPPER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("post " + postId + ": props_json is not a JSON object");
      }
      g.copyCurrentStructure(parser);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("post " + postId + ": props_json is not valid JSON", e);
    }
  }
}
