package io.mmpipe.gateway.mcp;

import static io.mmpipe.gateway.mcp.McpFixture.json;
import static io.mmpipe.gateway.mcp.McpFixture.post;
import static io.mmpipe.gateway.mcp.McpFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Tasks extension (SEP-2663) on /mcp: creation, tasks/get, input through tasks/update, cancel, gating. */
class McpTasksTest {

  private static final String WITH_TASKS = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";
  private static final String WITHOUT = "{\"elicitation\":{}}";

  /** Asks for a confirmation, then answers; or sleeps until cancelled when told to. */
  record TaskTool(String name, String support) implements McpTool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec(name, null, "a task", JsonSchema.object().build(), null, ToolSpec.readOnly(), support);
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
      if (arguments.path("sleep").asBoolean()) {
        Thread.sleep(60_000);
      }
      ObjectNode ok = call.input("ok", InputRequest.elicit("Sure?", JsonRpc.JSON.createObjectNode()));
      ArrayNode content = JsonRpc.JSON.createArrayNode();
      content.addObject().put("type", "text").put("text", "answer " + ok.path("action").asText());
      return new ToolResult(content, null, false);
    }
  }

  private static McpFixture fixture() {
    McpFixture f = new McpFixture(10);
    f.routes.tools().register(new TaskTool("optional_task", "optional"))
        .register(new TaskTool("required_task", "required"));
    return f;
  }

  private static HttpResponse<String> send(int port, String method, String nameKey, String name, String params,
                                           String caps) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"" + nameKey + "\":\""
        + name + "\"" + params + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":" + caps + "}}}";
    return post(port, body, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Mcp-Name", name));
  }

  private static ObjectNode get(int port, String taskId) throws Exception {
    return result(send(port, "tasks/get", "taskId", taskId, "", WITH_TASKS));
  }

  @Test
  void shouldRunATaskThatWaitsForInputAndInlinesItsResult() {
    JavalinTest.test(fixture().app(), (server, client) -> {
      int port = server.port();
      ObjectNode created = result(send(port, "tools/call", "name", "optional_task", ",\"arguments\":{}", WITH_TASKS));
      assertThat(created.get("resultType").asText()).isEqualTo("task");
      assertThat(created.get("ttlMs").asLong()).isPositive();
      assertThat(created.has("requestState")).isFalse();
      String id = created.get("taskId").asText();
      await().atMost(Duration.ofSeconds(5)).until(() -> get(port, id).get("status").asText().equals("input_required"));
      assertThat(get(port, id).get("inputRequests").get("ok").get("method").asText()).isEqualTo("elicitation/create");

      ObjectNode ack = result(send(port, "tasks/update", "taskId", id,
          ",\"inputResponses\":{\"ok\":{\"action\":\"accept\",\"content\":{}}}", WITH_TASKS));
      assertThat(ack.get("resultType").asText()).isEqualTo("complete");
      assertThat(ack.has("status")).isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> get(port, id).get("status").asText().equals("completed"));
      ObjectNode done = get(port, id);
      assertThat(done.get("result").get("content").get(0).get("text").asText()).isEqualTo("answer accept");
      assertThat(done.get("resultType").asText()).isEqualTo("complete");
    });
  }

  @Test
  void shouldCancelIdempotently() {
    JavalinTest.test(fixture().app(), (server, client) -> {
      int port = server.port();
      String id = result(send(port, "tools/call", "name", "optional_task", ",\"arguments\":{\"sleep\":true}",
          WITH_TASKS)).get("taskId").asText();
      for (int i = 0; i < 2; i++) {
        ObjectNode ack = result(send(port, "tasks/cancel", "taskId", id, "", WITH_TASKS));
        assertThat(ack.get("resultType").asText()).isEqualTo("complete");
        assertThat(get(port, id).get("status").asText()).isEqualTo("cancelled");
      }
    });
  }

  @Test
  void shouldGateTheTaskSurfaceOnTheNegotiatedExtension() {
    JavalinTest.test(fixture().app(), (server, client) -> {
      int port = server.port();
      HttpResponse<String> get = send(port, "tasks/get", "taskId", "nope", "", WITHOUT);
      assertThat(get.statusCode()).isEqualTo(400);
      assertThat(json(get.body()).get("error").get("code").asInt()).isEqualTo(JsonRpc.MISSING_CAPABILITY);
      assertThat(json(send(port, "tasks/get", "taskId", "nope", "", WITH_TASKS).body()).get("error").get("code")
          .asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);

      JsonNode required = json(send(port, "tools/call", "name", "required_task", ",\"arguments\":{}", WITHOUT)
          .body()).get("error");
      assertThat(required.get("code").asInt()).isEqualTo(JsonRpc.MISSING_CAPABILITY);
      assertThat(required.get("data").get("requiredCapabilities").get("extensions")
          .has("io.modelcontextprotocol/tasks")).isTrue();
      // an optional task tool runs in the request for a client without the extension (here: input_required)
      ObjectNode sync = result(send(port, "tools/call", "name", "optional_task", ",\"arguments\":{}", WITHOUT));
      assertThat(sync.get("resultType").asText()).isEqualTo("input_required");
      assertThat(sync.has("taskId")).isFalse();
    });
  }
}
