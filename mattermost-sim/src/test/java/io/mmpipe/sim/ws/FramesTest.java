package io.mmpipe.sim.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  WsEvent event = WsEvent.of("posted", Map.of("post", "{\"id\":\"x\"}"), Broadcast.toChannel("c1"));

  @Test
  void shouldWriteSpacedLayoutWithSpaceAfterTopLevelColons() {
    String f = Frames.event("posted", event.dataJson(), event.broadcastJson(), 2, true);
    assertThat(f).startsWith("{\"event\": \"posted\", \"data\": {").contains(", \"seq\": 2}").doesNotEndWith("\n");
  }

  @Test
  void shouldWriteCompactLayoutWithTrailingNewline() {
    String f = Frames.event("posted", event.dataJson(), event.broadcastJson(), 3, false);
    assertThat(f).startsWith("{\"event\":\"posted\",\"data\":{").endsWith(",\"seq\":3}\n");
  }

  @Test
  void shouldWriteExactlyTheGoldenBytesOfBothLayouts() {
    String data = "{\"post\":\"{\\\"id\\\":\\\"x\\\"}\"}";
    String broadcast = "{\"user_id\":\"\",\"channel_id\":\"c1\"}";
    assertThat(Frames.event("posted", data, broadcast, 2, true)).isEqualTo(
        "{\"event\": \"posted\", \"data\": {\"post\":\"{\\\"id\\\":\\\"x\\\"}\"}, "
            + "\"broadcast\": {\"user_id\":\"\",\"channel_id\":\"c1\"}, \"seq\": 2}");
    assertThat(Frames.event("posted", data, broadcast, 3, false)).isEqualTo(
        "{\"event\":\"posted\",\"data\":{\"post\":\"{\\\"id\\\":\\\"x\\\"}\"},"
            + "\"broadcast\":{\"user_id\":\"\",\"channel_id\":\"c1\"},\"seq\":3}\n");
  }

  @Test
  void shouldParseToTheSameJsonInBothLayouts() throws Exception {
    JsonNode a = JSON.readTree(Frames.event("posted", event.dataJson(), event.broadcastJson(), 4, true));
    JsonNode b = JSON.readTree(Frames.event("posted", event.dataJson(), event.broadcastJson(), 4, false));
    assertThat(a).isEqualTo(b);
    assertThat(a.path("data").path("post").isTextual()).isTrue();
    assertThat(a.path("broadcast").path("channel_id").asText()).isEqualTo("c1");
    assertThat(a.path("broadcast").has("omit_connection_id")).isTrue();
  }

  @Test
  void shouldAlternateLayoutsBySeq() {
    assertThat(Frames.spacedFor(0)).isNotEqualTo(Frames.spacedFor(1));
  }

  @Test
  void shouldShapeFailRepliesAsAppErrors() throws Exception {
    JsonNode f = JSON.readTree(Frames.fail(5, "some.id", "msg", 400));
    assertThat(f.path("status").asText()).isEqualTo("FAIL");
    assertThat(f.path("seq_reply").asLong()).isEqualTo(5);
    assertThat(f.path("error").path("status_code").asInt()).isEqualTo(400);
  }

  @Test
  void shouldMarkSanitizedAndSensitiveCopies() {
    assertThat(Broadcast.toChannel("c").onlyFor(Broadcast.Copy.SANITIZED).toMap())
        .containsEntry("contains_sanitized_data", true);
    assertThat(Broadcast.toChannel("c").onlyFor(Broadcast.Copy.SENSITIVE).toMap())
        .containsEntry("contains_sensitive_data", true);
    assertThat(Broadcast.toChannel("c").toMap()).doesNotContainKeys("contains_sanitized_data",
        "contains_sensitive_data");
  }
}
