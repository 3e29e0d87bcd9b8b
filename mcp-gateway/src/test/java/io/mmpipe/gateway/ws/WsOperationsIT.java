package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operations on {@code /ws} across instances (real broker, real redis-server, two gateways, the simulator): an
 * {@code export_channel_history} started through MCP on A is followed, read and cancelled on B's WebSocket.
 */
class WsOperationsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  static final int POSTS = 1000;
  static final int PER_PAGE = 200; // ChannelExport.PER_PAGE
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static MattermostSim sim;
  private static String channel;
  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @BeforeAll
  static void startSimulatorWithAChannel() {
    sim = MattermostSim.start(SimConfig.defaults());
    String alice = sim.world().userIds().get(0);
    channel = sim.world().createChannel(alice, "ws-export", 'O');
    sim.world().addMember(channel, sim.botUserId());
    for (int i = 0; i < POSTS; i++) {
      sim.world().createPost(alice, channel, "post " + i);
    }
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @AfterEach
  void closeAll() {
    sim.faults().failRest(429, 0, Duration.ZERO);
    harness.close();
  }

  private GatewayMain gateway(Topics topics, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", REDIS.url(), "MATTERMOST_URL",
        sim.baseUrl().toString(), "MATTERMOST_TOKEN", sim.botToken()));
    env.putAll(extra);
    return harness.gateway(topics, env);
  }

  /** Starts an export through MCP on {@code gw}, its first page held by 429s for a few seconds; its operation id. */
  private String startExport(GatewayMain gw) {
    McpSyncClient c = harness.track(McpClient.sync(HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + gw.port()).endpoint("/mcp").build()).requestTimeout(WAIT).build());
    c.initialize();
    // the channel is looked up before the operation starts: read it once (cached) so the 429s hit the export's pages
    assertThat(c.callTool(McpSchema.CallToolRequest.builder("get_channel").arguments(Map.of("channel_id", channel))
        .build()).isError()).isNotEqualTo(true);
    sim.faults().failRest(429, 5, Duration.ofSeconds(1)); // holds the first page, so B subscribes while it runs
    McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder("export_channel_history")
        .arguments(Map.of("channel_id", channel)).build());
    JsonNode state = JSON.valueToTree(r.structuredContent());
    assertThat(state.path("status").asText()).as(r.content().toString()).isEqualTo("running");
    return state.path("operation_id").asText();
  }

  private static JsonNode command(WsClient ws, String name, String id, String operationId) throws Exception {
    return ws.call(WsClient.command(name, id).put("operation_id", operationId));
  }

  /** The operation events of a subscription up to and including the terminal one. */
  private static List<JsonNode> untilEnd(WsClient ws, String subscriptionId) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    while (true) {
      JsonNode m = ws.await(x -> x.path("subscription_id").asText().equals(subscriptionId));
      out.add(m);
      String t = m.path("event_type").asText();
      if (t.equals("completed") || t.equals("error")) {
        return out;
      }
    }
  }

  @Test
  void shouldStreamAnExportStartedThroughMcpOnAToTheWebSocketOfBInOrderUntilCompleted() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics, Map.of());
    GatewayMain b = gateway(topics, Map.of());
    WsClient ws = harness.track(WsClient.connect(b.port()));
    String id = startExport(a);

    JsonNode sub = command(ws, "subscribe", "w1", id);
    assertThat(sub.path("status").asText()).as(sub.toString()).isEqualTo("subscribed");
    assertThat(sub.path("operation_id").asText()).isEqualTo(id);
    assertThat(sub.path("operation").path("status").asText()).isEqualTo("running");
    String sid = sub.path("subscription_id").asText();
    List<JsonNode> events = untilEnd(ws, sid);

    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("operation_id").asText()).isEqualTo(id);
      assertThat(e.path("timestamp").asLong()).isGreaterThan(1_700_000_000_000L); // epoch milliseconds
      assertThat(e.path("data").isObject()).isTrue();
    });
    List<String> types = events.stream().map(e -> e.path("event_type").asText()).toList();
    assertThat(types).endsWith("progress", "result", "completed");
    List<Double> progress = events.stream().filter(e -> e.path("event_type").asText().equals("progress"))
        .map(e -> e.path("data").path("progress").asDouble()).toList();
    assertThat(progress).as("every page's progress, in order").hasSize(POSTS / PER_PAGE + 1).isSorted();
    assertThat(events.getLast().path("data").path("status").asText()).isEqualTo("completed");
    // the terminal event ended the subscription: its id is gone and nothing more comes
    assertThat(ws.call(WsClient.command("unsubscribe", "u1").put("subscription_id", sid)).path("error_type")
        .asText()).isEqualTo("unknown_subscription");

    JsonNode got = command(ws, "get_operation", "g1", id);
    assertThat(got.path("event_type").asText()).isEqualTo("status");
    assertThat(got.path("status").asText()).isEqualTo("operation");
    assertThat(got.path("operation").path("status").asText()).isEqualTo("completed");
    assertThat(got.path("operation").path("progress").asDouble()).isEqualTo(1.0);
    assertThat(got.path("operation").path("result_uri").asText()).isEqualTo("mmpipe://operations/" + id + "/result");

    // subscribing to the finished operation: its state and its final event, once, and no subscription kept
    JsonNode late = command(ws, "subscribe", "w2", id);
    assertThat(late.path("operation").path("status").asText()).isEqualTo("completed");
    JsonNode last = ws.await(x -> x.path("subscription_id").asText().equals(late.path("subscription_id").asText()));
    assertThat(last.path("event_type").asText()).isEqualTo("completed");
    assertThat(last.path("data").path("result_uri").asText()).isEqualTo("mmpipe://operations/" + id + "/result");
    assertThat(ws.next(Duration.ofSeconds(2))).as("sent once").isNull();

    JsonNode again = ws.call(WsClient.command("cancel_operation", "x1").put("operation_id", id));
    assertThat(again.path("error_type").asText()).as(again.toString()).isEqualTo("operation_ended");
  }

  @Test
  void shouldCancelFromTheWebSocketOfBAnExportRunningOnAAndEndInErrorWithTheReason() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics, Map.of());
    GatewayMain b = gateway(topics, Map.of("GATEWAY_WS_MAX_SUBSCRIPTIONS", "1"));
    WsClient ws = harness.track(WsClient.connect(b.port()));
    String id = startExport(a);
    JsonNode sub = command(ws, "subscribe", "w1", id);
    assertThat(sub.path("status").asText()).as(sub.toString()).isEqualTo("subscribed");
    String sid = sub.path("subscription_id").asText();
    // a watch is one of the connection's subscriptions (GATEWAY_WS_MAX_SUBSCRIPTIONS=1 here)
    JsonNode second = ws.call(WsClient.command("subscribe", "w2"));
    assertThat(second.path("error_type").asText()).as(second.toString()).isEqualTo("too_many_subscriptions");

    // cancelled while its first page is still held by 429s: A reads the request at its next save
    JsonNode asked = ws.call(WsClient.command("cancel_operation", "x1").put("operation_id", id)
        .put("reason", "stopped from the dashboard"));
    assertThat(asked.path("status").asText()).as(asked.toString()).isEqualTo("cancel_requested");
    List<JsonNode> events = untilEnd(ws, sid);
    JsonNode end = events.getLast();
    assertThat(end.path("event_type").asText()).isEqualTo("error");
    assertThat(end.path("data").path("error").asText()).isEqualTo("stopped from the dashboard");
    assertThat(end.path("data").path("status").asText()).isEqualTo("cancelled");
    assertThat(events.stream().filter(e -> e.path("event_type").asText().equals("progress")).count())
        .as("stopped mid-way").isLessThan(POSTS / PER_PAGE);

    JsonNode got = command(ws, "get_operation", "g1", id);
    assertThat(got.path("operation").path("status").asText()).isEqualTo("cancelled");
    assertThat(got.path("operation").path("error").asText()).isEqualTo("stopped from the dashboard");
    JsonNode again = ws.call(WsClient.command("cancel_operation", "x2").put("operation_id", id));
    assertThat(again.path("error_type").asText()).isEqualTo("operation_ended");
    // the ended watch gave its place back
    assertThat(ws.call(WsClient.command("subscribe", "w3")).path("status").asText()).isEqualTo("subscribed");
  }

  /** Redis unreachable and the operation not known here: the answer says so instead of "unknown". */
  @Test
  void shouldAnswerUnavailableForAnOperationThisInstanceDoesNotKnowWhileRedisIsDown() throws Exception {
    GatewayMain b = gateway(KAFKA.newTopics(), Map.of());
    WsClient ws = harness.track(WsClient.connect(b.port()));
    assertThat(command(ws, "get_operation", "g0", "op-elsewhere").path("error_type").asText())
        .isEqualTo("unknown_operation");
    REDIS.server().stop();
    try {
      for (String name : List.of("get_operation", "subscribe", "cancel_operation")) {
        JsonNode answer = command(ws, name, name, "op-elsewhere");
        assertThat(answer.path("error_type").asText()).as(answer.toString()).isEqualTo("unavailable");
        assertThat(answer.path("error").asText()).contains("unreachable").doesNotContain("Exception");
      }
      assertThat(ws.call(WsClient.command("subscribe", "free")).path("status").asText())
          .as("the refused watch took no place").isEqualTo("subscribed");
    } finally {
      REDIS.server().restart();
    }
  }
}
