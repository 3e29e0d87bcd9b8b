package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** wait_for_updates from a token below the log start says what was lost in its answer, on a real broker. */
class WaitForUpdatesResetIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  @Test
  void shouldReportTheLostRangeWithTheUpdatesThatFollowIt() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    harness.publishPosts(topics, "r", 10);
    harness.deleteUpdatesBefore(topics, 7);
    GatewayMain gw = harness.gateway(topics, Map.of());
    // a token handed out before (version 1, as older gateways wrote them) that had read up to offset 3
    String token = ResumeToken.encode(topics.updates().name(), new long[] {3});

    JsonNode waited = McpFixture.result(McpFixture.post(gw.port(), McpFixture.modern(1, "tools/call",
        "\"name\":\"wait_for_updates\",\"arguments\":{\"resume_token\":\"" + token + "\",\"timeout_seconds\":30}"),
        McpFixture.modernHeaders("tools/call", "wait_for_updates"))).get("structuredContent");

    JsonNode reset = waited.get("reset");
    assertThat(reset.get("reason").asText()).isEqualTo("retention");
    assertThat(reset.get("lost").get(0).get("from").asLong()).isEqualTo(3);
    assertThat(reset.get("lost").get(0).get("to").asLong()).isEqualTo(7);
    assertThat(waited.get("updates")).isNotEmpty();
    assertThat(waited.get("updates").get(0).get("event_id").asText()).isEqualTo("post_r7");
  }
}
