package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateways, one Redis, one broker: what one instance holds in memory (a call waiting for the client, a request
 * running, a GET stream) is reached through the other.
 */
class McpInstancesIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() throws Exception {
    harness.close();
  }

  private GatewayMain gateway(Topics topics) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url()),
        mcp -> mcp.tools().register(new McpInputTest.TwoRoundsTool())
            .register(new McpTasksTest.TaskTool("optional_task", "optional")));
  }

  private static final String WITH_TASKS = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

  /** A modern request declaring the Tasks extension. */
  private static HttpResponse<String> modern(GatewayMain gw, String method, String nameKey, String name,
                                             String params) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"" + nameKey
        + "\":\"" + name + "\"" + params + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":" + WITH_TASKS + "}}}";
    return McpFixture.post(gw.port(), body, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method,
        "Mcp-Name", name));
  }

  /** Starts optional_task on {@code gw} with {@code arguments}; its task id. */
  private static String startTask(GatewayMain gw, String arguments) throws Exception {
    return McpFixture.result(modern(gw, "tools/call", "name", "optional_task", ",\"arguments\":" + arguments))
        .get("taskId").asText();
  }

  private static String status(GatewayMain gw, String taskId) throws Exception {
    return McpFixture.result(modern(gw, "tasks/get", "taskId", taskId, "")).get("status").asText();
  }

  private static String initialize(int port, String capabilities) throws Exception {
    HttpResponse<String> r = McpFixture.post(port, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ","
        + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", Map.of());
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  @Test
  void shouldHandTheClientsAnswerPostedToBToTheCallWaitingOnA() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    String sid = initialize(a.port(), "{\"elicitation\":{},\"sampling\":{}}");
    PostStream call = harness.track(PostStream.open(a.port(), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
        + "\"tools/call\",\"params\":{\"name\":\"test_two_rounds\"}}", McpFixture.legacy(sid)));
    assertThat(call.status()).isEqualTo(200);

    JsonNode ask1 = call.next(Duration.ofSeconds(30));
    assertThat(ask1.get("method").asText()).isEqualTo("elicitation/create");
    HttpResponse<String> toB = McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":\"" + ask1.get("id").asText()
        + "\",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}", McpFixture.legacy(sid));
    assertThat(toB.statusCode()).isEqualTo(202);
    JsonNode ask2 = call.next(Duration.ofSeconds(30));
    assertThat(ask2).as("A went on after the answer that reached B").isNotNull();
    assertThat(ask2.get("method").asText()).isEqualTo("sampling/createMessage");
    McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":\"" + ask2.get("id").asText() + "\",\"result\":"
        + "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Hello\"},\"model\":\"m\"}}",
        McpFixture.legacy(sid));
    JsonNode response = call.next(Duration.ofSeconds(30));
    assertThat(response.get("id").asInt()).isEqualTo(7);
    assertThat(response.get("result").get("structuredContent").get("text").asText()).isEqualTo("Hello, Alice");
  }

  @Test
  void shouldCancelOnAARequestWhoseCancellationWasPostedToB() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    String sid = McpFixture.initialize(a.port());
    CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return McpFixture.post(a.port(), "{\"jsonrpc\":\"2.0\",\"id\":\"w1\",\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"wait_for_updates\",\"arguments\":{\"timeout_seconds\":60}}}", McpFixture.legacy(sid));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // the request starts on A at a moment we cannot see: cancel (idempotent) until it ends, well before its 60 s
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
      assertThat(McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
          + "\"params\":{\"requestId\":\"w1\",\"reason\":\"changed my mind\"}}", McpFixture.legacy(sid))
          .statusCode()).isEqualTo(202);
      return waiting.isDone();
    });
    JsonNode result = McpFixture.result(waiting.get()).get("structuredContent");
    assertThat(result.get("count").asInt()).isZero();
  }

  @Test
  void shouldNotifyTheStreamOnAOfAnUpdateRightAfterASubscriptionMadeThroughB() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    var producer = harness.producer(topics);
    String sid = McpFixture.initialize(a.port());
    Map<String, String> h = new HashMap<>(McpFixture.legacy(sid));
    h.put("Accept", "text/event-stream");
    SseClient streamOnA = harness.track(SseClient.connect("http://127.0.0.1:" + a.port() + "/mcp", h));
    assertThat(streamOnA.next(Duration.ofSeconds(30)).data()).as("priming event").isEmpty();

    HttpResponse<String> sub = McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
        + "\"resources/subscribe\",\"params\":{\"uri\":\"mattermost://new_channel_posts\"}}", McpFixture.legacy(sid));
    assertThat(sub.statusCode()).isEqualTo(200);
    // one post, at once: no retry loop, so an update in the moment before A heard of the subscription would be lost
    GatewayHarness.publish(producer, topics, TestUpdates.post("c1", "right-after", "hello"));
    SseClient.Event got = streamOnA.next(Duration.ofSeconds(30));
    assertThat(got).as("A's stream notified of the post made right after the subscription").isNotNull();
    JsonNode note = McpFixture.json(got.data());
    assertThat(note.get("method").asText()).isEqualTo("notifications/resources/updated");
    assertThat(note.get("params").get("uri").asText()).isEqualTo("mattermost://new_channel_posts");
  }

  @Test
  void shouldReadAnswerAndCancelOnBATaskRunningOnA() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    String id = startTask(a, "{}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status(b, id).equals("input_required"));
    JsonNode onB = McpFixture.result(modern(b, "tasks/get", "taskId", id, ""));
    assertThat(onB.get("inputRequests").get("ok").get("method").asText()).isEqualTo("elicitation/create");
    assertThat(McpFixture.result(modern(b, "tasks/update", "taskId", id,
        ",\"inputResponses\":{\"ok\":{\"action\":\"accept\"}}")).isObject()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> status(b, id).equals("completed"));
    assertThat(McpFixture.result(modern(b, "tasks/get", "taskId", id, "")).get("result").get("content").get(0)
        .get("text").asText()).isEqualTo("answer accept");

    String sleeper = startTask(a, "{\"sleep\":true}");
    McpFixture.result(modern(b, "tasks/cancel", "taskId", sleeper, ""));
    assertThat(status(b, sleeper)).isEqualTo("cancelled");
    await().atMost(Duration.ofSeconds(30)).until(() -> status(a, sleeper).equals("cancelled"));
    // the running instance's later state never overwrites the cancellation
    Thread.sleep(500);
    assertThat(status(b, sleeper)).isEqualTo("cancelled");

    JsonNode unknown = McpFixture.json(modern(b, "tasks/get", "taskId", "AAAAAAAAAAAAAAAAAAAAAA", "").body());
    assertThat(unknown.get("error").get("code").asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);
  }

  /** A modern Tasks request as the holder of {@code token}. */
  private static HttpResponse<String> as(GatewayMain gw, String token, String method, String taskId, String params)
      throws Exception {
    String name = taskId == null ? "" : "\"taskId\":\"" + taskId + "\",";
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + name
        + params + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":" + WITH_TASKS + "}}}";
    Map<String, String> headers = new java.util.HashMap<>(Map.of("MCP-Protocol-Version", "2026-07-28",
        "Mcp-Method", method, "Authorization", "Bearer " + token));
    if (taskId != null) {
      headers.put("Mcp-Name", taskId);
    }
    return McpFixture.post(gw.port(), body, headers);
  }

  @Test
  void shouldKeepATaskItsCreatorsOnEveryInstance() throws Exception {
    Topics topics = KAFKA.newTopics();
    Map<String, String> env = Map.of("REDIS_URL", REDIS.url(),
        "GATEWAY_API_TOKENS", "alice=alice-task-token-0001,bob=bob-task-token-00002");
    GatewayMain a = harness.gateway(topics, env,
        mcp -> mcp.tools().register(new McpTasksTest.TaskTool("optional_task", "optional")));
    GatewayMain b = harness.gateway(topics, env, mcp -> { });
    String alice = "alice-task-token-0001";
    String bob = "bob-task-token-00002";
    HttpResponse<String> created = McpFixture.post(a.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
        + "\"tools/call\",\"params\":{\"name\":\"optional_task\",\"arguments\":{\"sleep\":true},\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":"
        + WITH_TASKS + "}}}", Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
        "Mcp-Name", "optional_task", "Authorization", "Bearer " + alice));
    String id = McpFixture.result(created).get("taskId").asText();

    // on B, where the task does not run: only through the store
    assertThat(McpFixture.result(as(b, alice, "tasks/get", id, "")).get("status").asText()).isEqualTo("working");
    for (String method : java.util.List.of("tasks/get", "tasks/cancel", "tasks/update")) {
      String extra = method.equals("tasks/update") ? "\"inputResponses\":{}," : "";
      JsonNode error = McpFixture.json(as(b, bob, method, id, extra).body()).get("error");
      assertThat(error.get("code").asInt()).as(method).isEqualTo(JsonRpc.INVALID_PARAMS);
      assertThat(error.get("message").asText()).as(method).isEqualTo("unknown task: " + id);
    }
    assertThat(McpFixture.result(as(a, alice, "tasks/get", id, "")).get("status").asText())
        .as("bob's cancellation through B did nothing").isEqualTo("working");
    McpFixture.result(as(b, alice, "tasks/cancel", id, ""));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> McpFixture.result(as(a, alice, "tasks/get", id, "")).get("status").asText().equals("cancelled"));
  }

  @Test
  void shouldServeTasksFromMemoryWhileRedisIsDownAndSayClearlyWhatItCannotReach() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    REDIS.server().stop();
    try {
      String id = startTask(a, "{}");
      await().atMost(Duration.ofSeconds(30)).until(() -> status(a, id).equals("input_required"));
      McpFixture.result(modern(a, "tasks/update", "taskId", id,
          ",\"inputResponses\":{\"ok\":{\"action\":\"decline\"}}"));
      await().atMost(Duration.ofSeconds(30)).until(() -> status(a, id).equals("completed"));
      HttpResponse<String> elsewhere = modern(b, "tasks/get", "taskId", id, "");
      assertThat(elsewhere.statusCode()).isEqualTo(503);
      assertThat(McpFixture.json(elsewhere.body()).get("error").get("message").asText()).contains("Redis");
    } finally {
      REDIS.server().restart();
    }
  }
}
