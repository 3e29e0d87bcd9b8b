package io.mmpipe.gateway.mcp;

import static io.mmpipe.gateway.mcp.McpFixture.json;
import static io.mmpipe.gateway.mcp.McpFixture.legacy;
import static io.mmpipe.gateway.mcp.McpFixture.modernHeaders;
import static io.mmpipe.gateway.mcp.McpFixture.post;
import static io.mmpipe.gateway.mcp.McpFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Client input: 2026-07-28 input_required rounds with a signed requestState, legacy requests on the response stream. */
class McpInputTest {

  private static final byte[] KEY = "the key every instance shares".getBytes(StandardCharsets.UTF_8);
  private static final String ALL_CAPS = "{\"elicitation\":{},\"sampling\":{}}";

  /** Asks the user's name, then (a second round) a model's greeting; answers with both. */
  static final class TwoRoundsTool implements McpTool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec("test_two_rounds", null, "asks a name, then a greeting", JsonSchema.object().build(),
          null, ToolSpec.readOnly());
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
      ObjectNode schema = JsonRpc.JSON.createObjectNode().put("type", "object");
      schema.putObject("properties").putObject("name").put("type", "string");
      ObjectNode name = call.input("name", InputRequest.elicit("Your name?", schema));
      ObjectNode greeting = call.input("greeting", InputRequest.sample("Greet someone", 20));
      ObjectNode out = JsonRpc.JSON.createObjectNode()
          .put("text", greeting.path("content").path("text").asText() + ", "
              + name.path("content").path("name").asText())
          .put("resumed", call.resumedWithState());
      return ToolResult.data(out);
    }
  }

  private static McpFixture fixture(byte[] key) {
    McpFixture f = new McpFixture(10, key);
    f.routes.tools().register(new TwoRoundsTool());
    return f;
  }

  private static String call(int id, String caps, String extra) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"test_two_rounds\","
        + "\"arguments\":{}" + extra + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":" + caps + "}}}";
  }

  private static HttpResponse<String> modernCall(int port, int id, String caps, String extra) throws Exception {
    return post(port, call(id, caps, extra), modernHeaders("tools/call", "test_two_rounds"));
  }

  private static String answers(String key, String answer, String state) {
    return ",\"inputResponses\":{\"" + key + "\":" + answer + "}"
        + (state == null ? "" : ",\"requestState\":\"" + state + "\"");
  }

  private static final String ALICE = "{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}";
  private static final String HELLO = "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Hello\"},"
      + "\"model\":\"m\",\"stopReason\":\"endTurn\"}";

  @Test
  void shouldAskInRoundsAndCompleteWhenTheRetryCarriesTheAnswersAndTheSignedState() {
    JavalinTest.test(fixture(KEY).app(), (server, client) -> {
      int port = server.port();
      ObjectNode first = result(modernCall(port, 1, ALL_CAPS, ""));
      assertThat(first.get("resultType").asText()).isEqualTo("input_required");
      assertThat(first.get("inputRequests").get("name").get("method").asText()).isEqualTo("elicitation/create");
      assertThat(first.has("ttlMs")).isFalse();
      assertThat(first.get("_meta").has("io.modelcontextprotocol/serverInfo")).isTrue();
      String state1 = first.get("requestState").asText();

      ObjectNode second = result(modernCall(port, 2, ALL_CAPS, answers("name", ALICE, state1)));
      assertThat(second.get("resultType").asText()).isEqualTo("input_required");
      assertThat(second.get("inputRequests").fieldNames()).toIterable().containsExactly("greeting");
      String state2 = second.get("requestState").asText();
      assertThat(state2).isNotEqualTo(state1);

      // the last round sends only the new answer: the name comes back from the signed state
      ObjectNode done = result(modernCall(port, 3, ALL_CAPS, answers("greeting", HELLO, state2)));
      assertThat(done.get("resultType").asText()).isEqualTo("complete");
      assertThat(done.get("structuredContent").get("text").asText()).isEqualTo("Hello, Alice");
      assertThat(done.get("structuredContent").get("resumed").asBoolean()).isTrue();
    });
  }

  @Test
  void shouldAcceptTheStateOnAnotherInstanceWithTheSameKeyOnly() {
    McpFixture a = fixture(KEY);
    McpFixture b = fixture(KEY.clone());
    McpFixture stranger = fixture(null); // a random key of its own
    JavalinTest.test(a.app(), (sa, ca) -> JavalinTest.test(b.app(), (sb, cb) ->
        JavalinTest.test(stranger.app(), (sc, cc) -> {
          String state = result(modernCall(sa.port(), 1, ALL_CAPS, "")).get("requestState").asText();
          ObjectNode onB = result(modernCall(sb.port(), 2, ALL_CAPS, answers("name", ALICE, state)));
          assertThat(onB.get("inputRequests").has("greeting")).isTrue();
          JsonNode onStranger = json(modernCall(sc.port(), 3, ALL_CAPS, answers("name", ALICE, state)).body());
          assertThat(onStranger.get("error").get("code").asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);
          assertThat(onStranger.get("error").get("message").asText()).contains("integrity");
        })));
  }

  @Test
  void shouldRejectTamperedStateAndMalformedInputResponses() {
    JavalinTest.test(fixture(KEY).app(), (server, client) -> {
      int port = server.port();
      String state = result(modernCall(port, 1, ALL_CAPS, "")).get("requestState").asText();
      for (String extra : new String[] {answers("name", ALICE, state + "-TAMPERED"), answers("name", "12345", null),
          ",\"inputResponses\":null", ",\"requestState\":42"}) {
        HttpResponse<String> r = modernCall(port, 2, ALL_CAPS, extra);
        assertThat(json(r.body()).get("error").get("code").asInt()).as(extra).isEqualTo(JsonRpc.INVALID_PARAMS);
      }
      // an answer to something else is ignored: the missing one is asked again
      ObjectNode again = result(modernCall(port, 3, ALL_CAPS, answers("wrong_key", ALICE, null)));
      assertThat(again.get("inputRequests").has("name")).isTrue();
    });
  }

  @Test
  void shouldAnswerMissingCapabilityWhenTheClientCannotBeAsked() {
    JavalinTest.test(fixture(KEY).app(), (server, client) -> {
      HttpResponse<String> r = modernCall(server.port(), 1, "{\"sampling\":{}}", "");
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode error = json(r.body()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(JsonRpc.MISSING_CAPABILITY);
      assertThat(error.get("data").get("requiredCapabilities").get("elicitation").isObject()).isTrue();
    });
  }

  @Test
  void shouldSendModernLogNotificationsOnlyWhenTheRequestAsksForThem() {
    JavalinTest.test(fixture(KEY).app(), (server, client) -> {
      String body = McpFixture.modern(1, "tools/call", "\"name\":\"test_chatty\",\"arguments\":{}");
      String silent = post(server.port(), body, modernHeaders("tools/call", "test_chatty")).body();
      assertThat(silent).doesNotContain("notifications/message");
      String asked = body.replace("\"io.modelcontextprotocol/clientInfo\"",
          "\"io.modelcontextprotocol/logLevel\":\"info\",\"io.modelcontextprotocol/clientInfo\"");
      assertThat(post(server.port(), asked, modernHeaders("tools/call", "test_chatty")).body())
          .contains("notifications/message");
    });
  }

  @Test
  void shouldAskALegacyClientOnTheResponseStreamAndContinueWithItsAnswers() {
    JavalinTest.test(fixture(KEY).app(), (server, client) -> {
      int port = server.port();
      HttpResponse<String> init = post(port, """
          {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
           "capabilities":{"elicitation":{},"sampling":{}},"clientInfo":{"name":"t","version":"1"}}}""", Map.of());
      String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"test_two_rounds\"}}"))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
      legacy(sid).forEach(req::header);
      CompletableFuture<HttpResponse<Stream<String>>> pending =
          McpFixture.HTTP.sendAsync(req.build(), HttpResponse.BodyHandlers.ofLines());
      HttpResponse<Stream<String>> stream = pending.get(10, TimeUnit.SECONDS);
      assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      Iterator<String> lines = stream.body().iterator();

      JsonNode ask1 = nextMessage(lines);
      assertThat(ask1.get("method").asText()).isEqualTo("elicitation/create");
      assertThat(post(port, "{\"jsonrpc\":\"2.0\",\"id\":\"" + ask1.get("id").asText() + "\",\"result\":" + ALICE
          + "}", legacy(sid)).statusCode()).isEqualTo(202);
      JsonNode ask2 = nextMessage(lines);
      assertThat(ask2.get("method").asText()).isEqualTo("sampling/createMessage");
      post(port, "{\"jsonrpc\":\"2.0\",\"id\":\"" + ask2.get("id").asText() + "\",\"result\":" + HELLO + "}",
          legacy(sid));
      JsonNode response = nextMessage(lines);
      assertThat(response.get("id").asInt()).isEqualTo(7);
      assertThat(response.get("result").get("structuredContent").get("text").asText()).isEqualTo("Hello, Alice");
    });
  }

  private static JsonNode nextMessage(Iterator<String> lines) {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:") && line.length() > 5 && !line.substring(5).isBlank()) {
        return json(line.substring(5).trim());
      }
    }
    throw new AssertionError("the stream ended");
  }
}
