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
import io.mmpipe.gateway.security.Principal;
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
    return send(port, "anyone", method, nameKey, name, params, caps);
  }

  /** As {@code user} (the X-User header, which the principal fixture below reads). */
  private static HttpResponse<String> send(int port, String user, String method, String nameKey, String name,
                                           String params, String caps) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"" + nameKey + "\":\""
        + name + "\"" + params + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":" + caps + "}}}";
    return post(port, body, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Mcp-Name", name,
        "X-User", user));
  }

  /** A fixture whose principal is the API token named by the X-User header. */
  private static McpFixture principals(int maxStreams) {
    McpFixture f = new McpFixture(maxStreams, null,
        ctx -> new Principal.ApiTokenHolder(String.valueOf(ctx.header("X-User"))));
    f.routes.tools().register(new TaskTool("optional_task", "optional"));
    return f;
  }

  private static String startSleeper(int port, String user) throws Exception {
    return result(send(port, user, "tools/call", "name", "optional_task", ",\"arguments\":{\"sleep\":true}",
        WITH_TASKS)).get("taskId").asText();
  }

  @Test
  void shouldAnswerAnotherPrincipalsTaskAsAnUnknownOne() {
    JavalinTest.test(principals(10).app(), (server, client) -> {
      int port = server.port();
      String alices = startSleeper(port, "alice");
      String madeUp = "AAAAAAAAAAAAAAAAAAAAAA";
      for (String method : java.util.List.of("tasks/get", "tasks/cancel", "tasks/update")) {
        String extra = method.equals("tasks/update") ? ",\"inputResponses\":{}" : "";
        JsonNode bobs = json(send(port, "bob", method, "taskId", alices, extra, WITH_TASKS).body()).get("error");
        JsonNode unknown = json(send(port, "bob", method, "taskId", madeUp, extra, WITH_TASKS).body())
            .get("error");
        assertThat(bobs.get("code").asInt()).as(method).isEqualTo(JsonRpc.INVALID_PARAMS);
        assertThat(bobs.get("message").asText().replace(alices, "ID")).as(method + ": the same words as for an id "
            + "nobody used").isEqualTo(unknown.get("message").asText().replace(madeUp, "ID"));
      }
      assertThat(json(send(port, "carol", "tasks/get", "taskId", alices, "", WITH_TASKS).body()).get("error")
          .get("code").asInt()).as("nor does any other caller").isEqualTo(JsonRpc.INVALID_PARAMS);
      ObjectNode mine = result(send(port, "alice", "tasks/get", "taskId", alices, "", WITH_TASKS));
      assertThat(mine.get("status").asText()).as("bob's cancel did nothing").isEqualTo("working");
      result(send(port, "alice", "tasks/cancel", "taskId", alices, "", WITH_TASKS));
    });
  }

  @Test
  void shouldAnswerTasksListAsAnUnknownMethodAsTheTasksExtensionRemovedIt() {
    // SEP-2663: tasks/list is not part of the Tasks extension and MUST be rejected with -32601 (the conformance
    // suite's tasks-removed-tasks-list check)
    JavalinTest.test(principals(10).app(), (server, client) -> {
      int port = server.port();
      String alices = startSleeper(port, "alice");
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/list\",\"params\":{\"_meta\":{"
          + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":"
          + WITH_TASKS + "}}}";
      JsonNode error = json(post(port, body, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tasks/list",
          "X-User", "alice")).body()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(JsonRpc.METHOD_NOT_FOUND);
      assertThat(error.toString()).doesNotContain(alices);
      result(send(port, "alice", "tasks/cancel", "taskId", alices, "", WITH_TASKS));
    });
  }

  @Test
  void shouldBoundTheUnexpiredTasksOfOnePrincipal() {
    JavalinTest.test(principals(300).app(), (server, client) -> {
      int port = server.port();
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < Tasks.MAX_PER_OWNER; i++) {
        ids.add(startSleeper(port, "alice"));
      }
      HttpResponse<String> refused = send(port, "alice", "tools/call", "name", "optional_task",
          ",\"arguments\":{\"sleep\":true}", WITH_TASKS);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(json(refused.body()).get("error").get("message").asText()).contains("too many tasks");
      assertThat(startSleeper(port, "bob")).as("another principal is not affected").isNotBlank();
      for (String id : ids) {
        result(send(port, "alice", "tasks/cancel", "taskId", id, "", WITH_TASKS));
      }
    });
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
