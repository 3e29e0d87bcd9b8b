package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka gone: a broadcast is refused with 503 (HTTP) or a tool error (MCP), never answered as sent. Its own broker,
 * because it stops it.
 */
class BroadcastOutageIT {

  @Test
  void shouldAnswer503AndClaimNothingSentWhileKafkaIsStopped() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Topics topics = kafka.createTopics(new Topics(KafkaExtension.uniqueName("t") + "."), 3);
    try (GatewayMain gw = GatewayMain.start(GatewayConfig.fromEnv(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "MMPIPE_TOPIC_PREFIX", topics.prefix(),
        "GATEWAY_PORT", "0", "GATEWAY_INSTANCE_ID", KafkaExtension.uniqueName("gw"),
        "BROADCAST_SEND_TIMEOUT", "3s")))) {
      assertThat(BroadcastIT.post(gw, "{\"type\":\"info\",\"text\":\"before\"}").statusCode()).isEqualTo(202);

      kafka.close();
      HttpResponse<String> refused = BroadcastIT.post(gw, "{\"type\":\"error\",\"text\":\"during\"}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      JsonNode error = McpFixture.json(refused.body());
      assertThat(error.get("error").asText()).isEqualTo("broadcast_unavailable");
      assertThat(error.get("message").asText()).contains("not sent").doesNotContain("at org.", "at io.");
      assertThat(error.has("broadcast_id")).as("no id is handed out for a broadcast that was not sent").isFalse();

      JsonNode tool = BroadcastIT.pushStream(gw, "{\"type\":\"error\",\"text\":\"during\"}");
      assertThat(tool.get("isError").asBoolean()).isTrue();
      assertThat(tool.has("structuredContent")).isFalse();
      assertThat(tool.get("content").get(0).get("text").asText()).contains("not sent");
    } finally {
      kafka.close();
    }
  }
}
