package io.mmpipe.mattermost.rest;

import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.FORBIDDEN;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upload, attach, describe and download a file, on the simulator over HTTP. */
class FilesApiIT extends SimulatorClients {

  @Test
  void shouldUploadAttachDescribeAndDownloadAFile() {
    byte[] content = "col1,col2\n1,2\n".getBytes(StandardCharsets.UTF_8);
    JsonNode info = bot.files().upload(ops, "report q3.csv", "text/csv", content);
    String fileId = info.path("id").asText();
    assertThat(info.path("name").asText()).isEqualTo("report q3.csv");
    assertThat(info.path("size").asLong()).isEqualTo(content.length);

    JsonNode post = bot.posts().create(ops, "the report", null, List.of(fileId));
    assertThat(post.path("file_ids")).extracting(JsonNode::asText).containsExactly(fileId);
    assertThat(bot.files().info(fileId).path("post_id").asText()).isEqualTo(post.path("id").asText());
    assertThat(bot.files().info(fileId).path("extension").asText()).isEqualTo("csv");

    FileContent got = as(alice).files().download(fileId);
    assertThat(got.bytes()).isEqualTo(content);
    assertThat(got.contentType()).startsWith("text/csv");
    assertThat(got.fileName()).isEqualTo("report q3.csv");
  }

  @Test
  void shouldRefuseFilesOfAPrivateChannelToANonMember() {
    String fileId = bot.files().upload(ops, "secret.txt", "text/plain", new byte[] {1, 2, 3}).path("id").asText();
    SimulatorClients.assertFails(() -> as(dave).files().info(fileId), FORBIDDEN, 403);
    SimulatorClients.assertFails(() -> as(dave).files().download(fileId), FORBIDDEN, 403);
    SimulatorClients.assertFails(() -> as(dave).files().upload(ops, "x.txt", "text/plain", new byte[] {1}),
        FORBIDDEN, 403);
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownFile() {
    SimulatorClients.assertFails(() -> bot.files().info("nosuchfile0000000000000000"), NOT_FOUND, 404)
        .hasMessageContaining("app.file_info.get.app_error");
  }
}
