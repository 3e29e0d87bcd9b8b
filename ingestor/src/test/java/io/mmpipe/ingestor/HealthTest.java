package io.mmpipe.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.mattermost.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTest {

  @Test
  void shouldWriteEveryFieldAsJsonAndKeepAnErrorWithQuotesAndNewlinesReadable() throws Exception {
    String error = "Mattermost answered HTTP 503 on \"/api/v4/users/me\":\n\tback\\soon \u0001";
    Health h = new Health(Health.Status.DEGRADED, "RECONNECTING", 3, Instant.parse("2025-01-02T03:04:05Z"), error,
        2, 1, "UNAVAILABLE");
    JsonNode n = Json.MAPPER.readTree(h.toJson());
    assertThat(n.get("status").asText()).isEqualTo("DEGRADED");
    assertThat(n.get("websocket").asText()).isEqualTo("RECONNECTING");
    assertThat(n.get("channels").asInt()).isEqualTo(3);
    assertThat(n.get("last_poll").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(n.get("last_error").asText()).isEqualTo(error);
    assertThat(n.get("producer_errors").asLong()).isEqualTo(2);
    assertThat(n.get("dead_letters").asLong()).isEqualTo(1);
    assertThat(n.get("kafka").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldWriteMissingPollAndErrorAsJsonNull() throws Exception {
    JsonNode n = Json.MAPPER.readTree(new Health(Health.Status.UP, "DISABLED", 0, null, null, 0, 0, "OK").toJson());
    assertThat(n.get("last_poll").isNull()).isTrue();
    assertThat(n.get("last_error").isNull()).isTrue();
    assertThat(n.get("status").asText()).isEqualTo("UP");
  }
}
