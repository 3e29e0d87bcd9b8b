package io.mmpipe.streams.updates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The post, file and reaction objects in Mattermost's own JSON shape, field by field. */
class MattermostJsonWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode post(Post p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      MattermostJsonWriter.writePost(g, p);
    }
    return JSON.readTree(out.toString());
  }

  @Test
  void shouldWriteEveryFieldOfAPost() throws IOException {
    FileInfo f = FileInfo.newBuilder().setId("f1").setName("a.png").setExtension("png").setMimeType("image/png")
        .setSize(42).build();
    JsonNode n = post(Post.newBuilder().setId("p1").setChannelId("c1").setUserId("u1").setRootId("r1")
        .setOriginalId("o1").setMessage("hi").setType("custom").setCreateAt(1).setUpdateAt(2).setEditAt(3)
        .setDeleteAt(4).setIsPinned(true).setFileIds(List.of("f1", "f2")).setFiles(List.of(f))
        .setPropsJson("{\"a\":1}").setPendingPostId("pend").setReplyCount(7L).build());
    assertThat(n.get("id").asText()).isEqualTo("p1");
    assertThat(n.get("create_at").asLong()).isEqualTo(1);
    assertThat(n.get("update_at").asLong()).isEqualTo(2);
    assertThat(n.get("edit_at").asLong()).isEqualTo(3);
    assertThat(n.get("delete_at").asLong()).isEqualTo(4);
    assertThat(n.get("is_pinned").asBoolean()).isTrue();
    assertThat(n.get("user_id").asText()).isEqualTo("u1");
    assertThat(n.get("channel_id").asText()).isEqualTo("c1");
    assertThat(n.get("root_id").asText()).isEqualTo("r1");
    assertThat(n.get("original_id").asText()).isEqualTo("o1");
    assertThat(n.get("message").asText()).isEqualTo("hi");
    assertThat(n.get("type").asText()).isEqualTo("custom");
    assertThat(n.get("props").get("a").asInt()).isEqualTo(1);
    assertThat(n.get("file_ids")).extracting(JsonNode::asText).containsExactly("f1", "f2");
    assertThat(n.get("pending_post_id").asText()).isEqualTo("pend");
    assertThat(n.get("reply_count").asLong()).isEqualTo(7);
    JsonNode file = n.get("metadata").get("files").get(0);
    assertThat(file.get("id").asText()).isEqualTo("f1");
    assertThat(file.get("name").asText()).isEqualTo("a.png");
    assertThat(file.get("extension").asText()).isEqualTo("png");
    assertThat(file.get("mime_type").asText()).isEqualTo("image/png");
    assertThat(file.get("size").asLong()).isEqualTo(42);
    assertThat(file.get("post_id").asText()).isEqualTo("p1");
  }

  @Test
  void shouldCloseEveryObjectItOpensSoTheCallerCanGoOn() throws IOException {
    FileInfo f = FileInfo.newBuilder().setId("f1").setName("a.png").build();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("post");
      MattermostJsonWriter.writePost(g, Post.newBuilder().setId("p1").setChannelId("c1").setFiles(List.of(f))
          .build());
      g.writeStringField("after", "x");
      g.writeEndObject();
    }
    JsonNode n = JSON.readTree(out.toString());
    assertThat(n.get("after").asText()).isEqualTo("x");
    assertThat(n.get("post").has("after")).isFalse();
    assertThat(n.get("post").get("metadata").has("after")).isFalse();
  }

  @Test
  void shouldLeaveOutOptionalFieldsAndWriteEmptyProps() throws IOException {
    JsonNode n = post(Post.newBuilder().setId("p1").setChannelId("c1").setPropsJson("").build());
    assertThat(n.has("pending_post_id")).isFalse();
    assertThat(n.has("reply_count")).isFalse();
    assertThat(n.has("metadata")).isFalse();
    assertThat(n.get("props").isObject()).isTrue();
    assertThat(n.get("props").size()).isZero();
    assertThat(n.get("is_pinned").asBoolean(true)).isFalse();
  }

  @Test
  void shouldWriteAReactionWithItsChannelOnlyWhenKnown() {
    Reaction r = Reaction.newBuilder().setPostId("p").setUserId("u").setEmojiName("e").setCreateAt(1)
        .setUpdateAt(2).setDeleteAt(3).build();
    assertThat(MattermostJsonWriter.reaction(r).has("channel_id")).isFalse();
    r.setChannelId("c");
    JsonNode n = MattermostJsonWriter.reaction(r);
    assertThat(n.get("channel_id").asText()).isEqualTo("c");
    assertThat(n.get("update_at").asLong()).isEqualTo(2);
    assertThat(n.get("delete_at").asLong()).isEqualTo(3);
  }
}
