package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The resource list grows with the channels that become active, and the MCP Java SDK client hears of it. */
class McpListChangedIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() throws Exception {
    harness.close();
  }

  @Test
  void shouldTellTheJavaSdkClientWhenANewChannelJoinsTheResourceList() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = harness.gateway(topics, Map.of("REDIS_URL", REDIS.url()));
    var producer = harness.producer(topics);
    BlockingQueue<List<McpSchema.Resource>> changed = new LinkedBlockingQueue<>();
    McpSyncClient client = harness.track(McpClient.sync(HttpClientStreamableHttpTransport
            .builder("http://127.0.0.1:" + gw.port()).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(30))
        .resourcesChangeConsumer(changed::add)
        .build());
    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.capabilities().resources().listChanged()).isTrue();
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .noneMatch(u -> u.startsWith("mattermost://channels/fresh"));

    // the SDK opens its GET stream on its own schedule: post in new channels until it hears of one
    int[] n = {0};
    List<McpSchema.Resource>[] got = new List[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.post("fresh" + n[0]++, "p" + n[0], "first words"));
      got[0] = changed.poll(1, TimeUnit.SECONDS);
      return got[0] != null;
    });
    // the SDK re-listed on the notification: the list it got holds the new channels
    assertThat(got[0]).extracting(McpSchema.Resource::uri).anyMatch(u -> u.startsWith("mattermost://channels/fresh"))
        .contains("mattermost://new_channel_posts");
    client.closeGracefully();
  }
}
