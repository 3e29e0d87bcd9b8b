package io.mmpipe.gateway.mcp;

import static io.mmpipe.gateway.mcp.McpFixture.json;
import static io.mmpipe.gateway.mcp.McpFixture.modern;
import static io.mmpipe.gateway.mcp.McpFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table of the README, row by row: what a client sends → the HTTP status and JSON-RPC error code it
 * gets. Every answer is one JSON-RPC error object without a stack trace; 202 rows have no body.
 */
class McpBadInputTest {

  private static final String SID = "{session}";
  private static final String OLD = "2025-11-25";
  private static McpFixture fixture;
  private static Javalin app;
  private static String session;

  @BeforeAll
  static void start() throws Exception {
    fixture = new McpFixture(10);
    app = fixture.app().start("127.0.0.1", 0);
    session = McpFixture.initialize(app.port());
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Map<String, String> legacy() {
    return Map.of("Mcp-Session-Id", SID, "MCP-Protocol-Version", OLD);
  }

  private static Map<String, String> modernH(String method) {
    return McpFixture.modernHeaders(method, null);
  }

  static Stream<Arguments> table() {
    String tooBig = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
        + "x".repeat(McpFixture.MAX_BODY) + "\"}}";
    return Stream.of(
        row("malformed JSON", "{\"jsonrpc\":", legacy(), 400, -32700),
        row("empty body", "", legacy(), 400, -32700),
        row("duplicate keys", "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}", legacy(), 400, -32700),
        row("batch (array)", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", legacy(), 400, -32600),
        row("not an object", "\"ping\"", legacy(), 400, -32600),
        row("jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", legacy(), 400, -32600),
        row("id is an object", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", legacy(), 400, -32600),
        row("method not a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", legacy(), 400, -32600),
        row("params an array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]}", legacy(), 400,
            -32600),
        row("body over the limit", tooBig, legacy(), 413, -32600),
        row("no Mcp-Session-Id", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Map.of(), 400, -32600),
        row("unknown session", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            Map.of("Mcp-Session-Id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 404, -32001),
        row("unsupported MCP-Protocol-Version", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
            Map.of("Mcp-Session-Id", SID, "MCP-Protocol-Version", "1999-01-01"), 400, -32022),
        row("initialize without protocolVersion", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}",
            Map.of(), 200, -32602),
        row("legacy: unknown method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope/nothing\"}", legacy(), 200,
            -32601),
        row("legacy: server/discover is modern only", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}",
            legacy(), 200, -32601),
        row("legacy: unknown resource", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
            + "\"params\":{\"uri\":\"mattermost://nope\"}}", legacy(), 200, -32002),
        row("legacy: subscribe to a uri we do not serve", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
            + "\"resources/subscribe\",\"params\":{\"uri\":\"file:///etc/passwd\"}}", legacy(), 200, -32002),
        row("legacy: read without uri", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\"}", legacy(), 200,
            -32602),
        row("legacy: unknown tool", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"rm_rf\"}}", legacy(), 200, -32602),
        row("legacy: arguments not an object", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"pipeline_status\",\"arguments\":[1]}}", legacy(), 200, -32602),
        row("legacy: unknown prompt", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\","
            + "\"params\":{\"name\":\"nope\"}}", legacy(), 200, -32602),
        row("legacy: bad log level", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\","
            + "\"params\":{\"level\":\"loud\"}}", legacy(), 200, -32602),
        row("legacy: cursor we did not issue", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\","
            + "\"params\":{\"cursor\":\"bogus\"}}", legacy(), 200, -32602),
        row("completion of an unknown ref type", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\","
            + "\"params\":{\"ref\":{\"type\":\"ref/tool\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}}",
            legacy(), 200, -32602),
        row("completion of an unknown prompt", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\","
            + "\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"nope\"},\"argument\":{\"name\":\"a\"}}}",
            legacy(), 200, -32602),
        row("notification", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}", legacy(), 202, null),
        row("response from the client", "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}", Map.of(), 202, null),
        row("an answer nobody waits for, on any instance", "{\"jsonrpc\":\"2.0\",\"id\":\"mmpipe-00000000-0000-0000-"
            + "0000-000000000000\",\"result\":{}}", legacy(), 202, null),
        row("an answer whose id is not ours", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":1,"
            + "\"message\":\"m\"}}", legacy(), 202, null),
        row("modern: tasks/get of an unknown task", withTasks(modern(1, "tasks/get", "\"taskId\":\"" + NO_TASK
            + "\"")), McpFixture.modernHeaders("tasks/get", NO_TASK), 200, -32602),
        row("modern: tasks/cancel of an unknown task", withTasks(modern(1, "tasks/cancel", "\"taskId\":\"" + NO_TASK
            + "\"")), McpFixture.modernHeaders("tasks/cancel", NO_TASK), 200, -32602),
        row("modern: tasks/update with inputResponses not an object", withTasks(modern(1, "tasks/update",
            "\"taskId\":\"" + NO_TASK + "\",\"inputResponses\":[]")), McpFixture.modernHeaders("tasks/update",
            NO_TASK), 200, -32602),
        row("modern: no _meta", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", modernH("tools/list"),
            400, -32602),
        row("modern: no clientCapabilities", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
            + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", modernH("tools/list"),
            400, -32602),
        row("modern: unsupported version", modern(1, "tools/list", "").replace("2026-07-28", "2030-01-01"),
            Map.of("MCP-Protocol-Version", "2030-01-01", "Mcp-Method", "tools/list"), 400, -32022),
        row("modern: MCP-Protocol-Version header missing", modern(1, "tools/list", ""),
            Map.of("Mcp-Method", "tools/list"), 400, -32020),
        row("modern: Mcp-Method mismatch", modern(1, "tools/list", ""), modernH("resources/list"), 400, -32020),
        row("modern: Mcp-Name mismatch", modern(1, "tools/call", "\"name\":\"pipeline_status\""),
            McpFixture.modernHeaders("tools/call", "wait_for_updates"), 400, -32020),
        row("modern: unknown method", modern(1, "nope/nothing", ""), modernH("nope/nothing"), 404, -32601),
        row("modern: ping does not exist", modern(1, "ping", ""), modernH("ping"), 404, -32601),
        row("modern: resources/subscribe does not exist", modern(1, "resources/subscribe",
            "\"uri\":\"mattermost://reactions\""), modernH("resources/subscribe"), 404, -32601),
        row("modern: unknown resource", modern(1, "resources/read", "\"uri\":\"mattermost://nope\""),
            McpFixture.modernHeaders("resources/read", "mattermost://nope"), 200, -32602),
        row("modern: listen to an unknown resource", modern(1, "subscriptions/listen",
            "\"notifications\":{\"resourceSubscriptions\":[\"mattermost://nope\"]}"),
            modernH("subscriptions/listen"), 200, -32602));
  }

  private static final String NO_TASK = "AAAAAAAAAAAAAAAAAAAAAA";

  /** A modern body whose client declared the Tasks extension. */
  private static String withTasks(String body) {
    return body.replace("\"io.modelcontextprotocol/clientCapabilities\":{}",
        "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + Tasks.EXTENSION + "\":{}}}");
  }

  private static Arguments row(String name, String body, Map<String, String> headers, int status, Integer code) {
    return Arguments.of(name, body, headers, status, code);
  }

  @ParameterizedTest(name = "{0} → HTTP {3}, {4}")
  @MethodSource("table")
  void shouldAnswerBadInputWithTheRightStatusAndCode(String name, String body, Map<String, String> headers,
                                                     int status, Integer code) throws Exception {
    Map<String, String> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k, v.replace(SID, session)));
    HttpResponse<String> r = post(app.port(), body, h);
    assertThat(r.statusCode()).as(name).isEqualTo(status);
    if (code == null) {
      assertThat(r.body()).isEmpty();
      return;
    }
    JsonNode err = json(r.body());
    assertThat(err.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(err.has("id")).isTrue();
    assertThat(err.get("error").get("code").asInt()).as(name + ": " + r.body()).isEqualTo(code);
    assertThat(err.get("error").get("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (code == -32022) {
      assertThat(err.get("error").get("data").get("supported")).extracting(JsonNode::asText)
          .contains("2026-07-28", "2025-11-25");
    }
    if (name.contains("unknown resource")) {
      assertThat(err.get("error").get("data").get("uri").asText()).isEqualTo("mattermost://nope");
    }
  }
}
