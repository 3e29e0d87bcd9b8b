package io.mmpipe.gateway.mcp;

import static io.mmpipe.gateway.mcp.McpFixture.json;
import static io.mmpipe.gateway.mcp.McpFixture.legacy;
import static io.mmpipe.gateway.mcp.McpFixture.modern;
import static io.mmpipe.gateway.mcp.McpFixture.modernHeaders;
import static io.mmpipe.gateway.mcp.McpFixture.post;
import static io.mmpipe.gateway.mcp.McpFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.TestUpdates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request/response side of /mcp in both eras, over an in-memory ring and session store. */
class McpProtocolTest {

  private final McpFixture fixture = new McpFixture(10);

  private static String req(int id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
  }

  @Test
  void shouldInitializeASessionWithARandomIdAndServeItsRequests() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      HttpResponse<String> init = post(port, req(1, "initialize", "\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{\"roots\":{}},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}"), Map.of());
      assertThat(init.statusCode()).isEqualTo(200);
      String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(sid).matches("[A-Za-z0-9_-]{43}");
      ObjectNode r = result(init);
      assertThat(r.get("protocolVersion").asText()).isEqualTo("2025-06-18");
      assertThat(r.get("capabilities").get("resources").get("subscribe").asBoolean()).isTrue();
      assertThat(r.get("serverInfo").get("name").asText()).isEqualTo("mmpipe");
      assertThat(r.get("instructions").asText()).contains("wait_for_updates");
      assertThat(fixture.sessions.find(sid).orElseThrow().protocolVersion()).isEqualTo("2025-06-18");

      String second = post(port, req(1, "initialize", "\"protocolVersion\":\"2099-01-01\",\"capabilities\":{}"),
          Map.of()).headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(second).isNotEqualTo(sid);
      assertThat(fixture.sessions.find(second).orElseThrow().protocolVersion()).isEqualTo("2025-11-25");

      assertThat(post(port, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", legacy(sid))
          .statusCode()).isEqualTo(202);
      assertThat(fixture.sessions.find(sid).orElseThrow().initialized()).isTrue();
      HttpResponse<String> ping = post(port, req(2, "ping", ""), Map.of("Mcp-Session-Id", sid));
      assertThat(json(ping.body()).get("id").asInt()).isEqualTo(2);
      assertThat(result(ping).size()).isZero();
      assertThat(result(post(port, req(3, "logging/setLevel", "\"level\":\"warning\""), legacy(sid)))).isEmpty();
      assertThat(fixture.sessions.find(sid).orElseThrow().logLevel()).isEqualTo("warning");

      HttpResponse<String> del = McpFixture.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
          + "/mcp")).DELETE().header("Mcp-Session-Id", sid).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(del.statusCode()).isEqualTo(200);
      assertThat(post(port, req(4, "ping", ""), Map.of("Mcp-Session-Id", sid)).statusCode()).isEqualTo(404);
    });
  }

  @Test
  void shouldListToolsWithSchemasAndAnnotationsAndPageResourcesWithCursors() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      ObjectNode tools = result(post(port, req(1, "tools/list", ""), legacy(sid)));
      assertThat(tools.get("tools")).extracting(t -> t.get("name").asText())
          .containsExactly("pipeline_status", "wait_for_updates", "test_chatty");
      for (JsonNode t : List.of(tools.get("tools").get(0), tools.get("tools").get(1))) {
        assertThat(t.get("description").asText()).isNotBlank();
        assertThat(t.get("inputSchema").get("type").asText()).isEqualTo("object");
        assertThat(t.get("outputSchema").get("type").asText()).isEqualTo("object");
        assertThat(t.get("annotations").get("readOnlyHint").asBoolean()).isTrue();
      }
      assertThat(tools.has("resultType")).as("legacy results are unchanged").isFalse();

      List<String> uris = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        ObjectNode page = result(post(port, req(2, "resources/list",
            cursor == null ? "" : "\"cursor\":\"" + cursor + "\""), legacy(sid)));
        page.get("resources").forEach(r -> uris.add(r.get("uri").asText()));
        cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(3);
      assertThat(uris).containsExactly("mattermost://new_channel_posts", "mattermost://reactions",
          "mattermost://post_changes", "mattermost://typing", "mattermost://user_status",
          "mattermost://channel_membership", "mattermost://files");
      ObjectNode templates = result(post(port, req(3, "resources/templates/list", ""), legacy(sid)));
      assertThat(templates.get("resourceTemplates").get(0).get("uriTemplate").asText())
          .isEqualTo("mattermost://channels/{channel_id}/posts");
      assertThat(result(post(port, req(4, "prompts/list", ""), legacy(sid))).get("prompts")).isEmpty();
    });
  }

  @Test
  void shouldReadAFeedAndAChannelFromRecentUpdatesWithAResumeToken() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      fixture.append(0, TestUpdates.post("c1", "p1", "Hello world!"));
      fixture.append(1, TestUpdates.reaction("c1", "p1", "eyes"));
      fixture.append(0, TestUpdates.post("c2", "p2", "other channel"));

      JsonNode feed = content(result(post(port, req(1, "resources/read",
          "\"uri\":\"mattermost://new_channel_posts\""), legacy(sid))), "mattermost://new_channel_posts");
      assertThat(feed.get("updates")).extracting(u -> u.get("event_id").asText())
          .containsExactly("post_p1", "post_p2");
      assertThat(feed.get("resume_token").asText()).startsWith("1");
      JsonNode channel = content(result(post(port, req(2, "resources/read",
          "\"uri\":\"mattermost://channels/c1/posts\""), legacy(sid))), "mattermost://channels/c1/posts");
      assertThat(channel.get("updates")).extracting(u -> u.get("event_id").asText())
          .containsExactly("post_p1", "reaction_p1_u2_eyes_added_1");
    });
  }

  private static JsonNode content(ObjectNode result, String uri) {
    JsonNode c = result.get("contents").get(0);
    assertThat(c.get("uri").asText()).isEqualTo(uri);
    assertThat(c.get("mimeType").asText()).isEqualTo("application/json");
    return json(c.get("text").asText());
  }

  @Test
  void shouldCallPipelineStatusAndWaitForUpdatesFromAResumeToken() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      ObjectNode status = result(post(port, req(1, "tools/call", "\"name\":\"pipeline_status\""), legacy(sid)));
      assertThat(status.has("isError")).isFalse();
      JsonNode s = status.get("structuredContent");
      assertThat(s.get("instance_id").asText()).isEqualTo("gw-test");
      assertThat(s.get("status").asText()).isEqualTo("UP");
      assertThat(s.get("fanout").get("consumed").asLong()).isEqualTo(7);
      assertThat(s.get("components").get("kafka").get("status").asText()).isEqualTo("UP");
      assertThat(json(status.get("content").get(0).get("text").asText())).isEqualTo(s);

      String token = json(result(post(port, req(2, "resources/read", "\"uri\":\"mattermost://reactions\""),
          legacy(sid))).get("contents").get(0).get("text").asText()).get("resume_token").asText();
      fixture.append(0, TestUpdates.post("c1", "p9", "not a reaction"));
      fixture.append(1, TestUpdates.reaction("c1", "p9", "tada"));
      ObjectNode waited = result(post(port, req(3, "tools/call", "\"name\":\"wait_for_updates\",\"arguments\":"
          + "{\"resume_token\":\"" + token + "\",\"resource\":\"mattermost://reactions\",\"timeout_seconds\":2}"),
          legacy(sid)));
      JsonNode w = waited.get("structuredContent");
      assertThat(w.get("updates")).extracting(u -> u.get("event_id").asText())
          .containsExactly("reaction_p9_u2_tada_added_1");
      assertThat(w.get("timed_out").asBoolean()).isFalse();

      ObjectNode nothing = result(post(port, req(4, "tools/call", "\"name\":\"wait_for_updates\",\"arguments\":"
          + "{\"resume_token\":\"" + w.get("resume_token").asText() + "\",\"timeout_seconds\":1}"), legacy(sid)));
      assertThat(nothing.get("structuredContent").get("timed_out").asBoolean()).isTrue();

      ObjectNode bad = result(post(port, req(5, "tools/call", "\"name\":\"wait_for_updates\",\"arguments\":"
          + "{\"resume_token\":\"1garbage\"}"), legacy(sid)));
      assertThat(bad.get("isError").asBoolean()).isTrue();
      assertThat(bad.get("content").get(0).get("text").asText()).contains("resume_token");
      ObjectNode badTimeout = result(post(port, req(6, "tools/call", "\"name\":\"wait_for_updates\",\"arguments\":"
          + "{\"timeout_seconds\":\"soon\"}"), legacy(sid)));
      assertThat(badTimeout.get("isError").asBoolean()).isTrue();
    });
  }

  @Test
  void shouldServeModernRequestsStatelesslyWithResultTypeAndCaching() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      ObjectNode d = result(post(port, modern(1, "server/discover", ""), modernHeaders("server/discover", null)));
      assertThat(d.get("supportedVersions")).extracting(JsonNode::asText)
          .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
      assertThat(d.get("capabilities").has("resources")).isTrue();
      assertThat(d.get("instructions").asText()).isNotBlank();
      assertThat(d.get("ttlMs").asLong()).isPositive();
      assertThat(d.get("cacheScope").asText()).isEqualTo("public");
      assertThat(d.get("resultType").asText()).isEqualTo("complete");
      assertThat(d.get("_meta").get("io.modelcontextprotocol/serverInfo").get("name").asText()).isEqualTo("mmpipe");

      ObjectNode tools = result(post(port, modern(2, "tools/list", ""), modernHeaders("tools/list", null)));
      assertThat(tools.get("resultType").asText()).isEqualTo("complete");
      assertThat(tools.get("cacheScope").asText()).isEqualTo("public");
      ObjectNode call = result(post(port, modern(3, "tools/call", "\"name\":\"pipeline_status\""),
          modernHeaders("tools/call", "pipeline_status")));
      assertThat(call.get("resultType").asText()).isEqualTo("complete");
      assertThat(call.has("ttlMs")).as("tools/call results are not cacheable").isFalse();
      // Mcp-Name may carry a non-ASCII name base64-encoded
      ObjectNode read = result(post(port, modern(4, "resources/read", "\"uri\":\"mattermost://typing\""),
          modernHeaders("resources/read", "=?base64?bWF0dGVybW9zdDovL3R5cGluZw==?=")));
      assertThat(read.get("ttlMs").asLong()).isZero();
      assertThat(read.get("contents")).hasSize(1);

      for (String method : List.of("GET", "DELETE")) {
        HttpResponse<String> r = McpFixture.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/mcp")).method(method, HttpRequest.BodyPublishers.noBody()).header("MCP-Protocol-Version", "2026-07-28")
            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method).isEqualTo(405);
      }
    });
  }

  @Test
  void shouldEndALongPollWhenTheClientCancelsIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return post(port, req(77, "tools/call", "\"name\":\"wait_for_updates\",\"arguments\":"
              + "{\"timeout_seconds\":5}"), legacy(sid));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // the cancellation must find the call in flight: retry it until the call has ended
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(4)).until(() -> {
        post(port, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
            + "{\"requestId\":77,\"reason\":\"user gave up\"}}", legacy(sid));
        return waiting.isDone();
      });
      JsonNode r = result(waiting.get()).get("structuredContent");
      assertThat(r.get("count").asInt()).isZero();
    });
  }

  @Test
  void shouldStreamProgressAndLogNotificationsBeforeTheResponseWhenTheClientAcceptsSse() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      String call = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"test_chatty\","
          + "\"_meta\":{\"progressToken\":\"tok\"}}}";
      HttpResponse<String> r = post(port, call, legacy(sid));
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
      List<JsonNode> msgs = McpFixture.sseMessages(r.body());
      assertThat(msgs).extracting(n -> n.path("method").asText("response"))
          .containsExactly("notifications/progress", "notifications/message", "notifications/progress", "response");
      assertThat(msgs.get(0).get("params").get("progressToken").asText()).isEqualTo("tok");
      assertThat(msgs.get(0).get("params").get("total").asDouble()).isEqualTo(2.0);
      assertThat(msgs.get(1).get("params").get("data").asText()).isEqualTo("working");
      assertThat(msgs.get(3).get("id").asInt()).isEqualTo(9);
      assertThat(msgs.get(3).get("result").get("structuredContent").get("done").asBoolean()).isTrue();

      // above the session's level: no log message; without a progress token: no progress; so a plain JSON answer
      post(port, req(10, "logging/setLevel", "\"level\":\"warning\""), legacy(sid));
      HttpResponse<String> quiet = post(port, req(11, "tools/call", "\"name\":\"test_chatty\""), legacy(sid));
      assertThat(quiet.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(result(quiet).get("structuredContent").get("done").asBoolean()).isTrue();

      // a client that accepts only JSON gets only the response
      HttpResponse<String> plain = McpFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/mcp")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(call))
          .header("Mcp-Session-Id", sid).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(result(plain).get("structuredContent").get("done").asBoolean()).isTrue();
    });
  }

  @Test
  void shouldCompleteTheChannelTemplatesChannelIdFromRecentChannels() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      fixture.append(0, TestUpdates.post("town-square", "p1", "a"));
      fixture.append(1, TestUpdates.post("off-topic", "p2", "b"));
      fixture.append(0, TestUpdates.post("town-hall", "p3", "c"));
      String ref = "\"ref\":{\"type\":\"ref/resource\",\"uri\":\"mattermost://channels/{channel_id}/posts\"}";
      JsonNode town = result(post(port, req(1, "completion/complete", ref
          + ",\"argument\":{\"name\":\"channel_id\",\"value\":\"town\"}"), legacy(sid))).get("completion");
      assertThat(town.get("values")).extracting(JsonNode::asText).containsExactly("town-hall", "town-square");
      assertThat(town.get("total").asInt()).isEqualTo(2);
      assertThat(town.get("hasMore").asBoolean()).isFalse();
      JsonNode other = result(post(port, req(2, "completion/complete", "\"ref\":{\"type\":\"ref/resource\","
          + "\"uri\":\"mattermost://reactions\"},\"argument\":{\"name\":\"x\",\"value\":\"\"}"), legacy(sid)));
      assertThat(other.get("completion").get("values")).isEmpty();
      ObjectNode modern = result(post(port, modern(3, "completion/complete", ref
          + ",\"argument\":{\"name\":\"channel_id\",\"value\":\"off\"}"), modernHeaders("completion/complete", null)));
      assertThat(modern.get("completion").get("values")).extracting(JsonNode::asText).containsExactly("off-topic");
      assertThat(modern.get("resultType").asText()).isEqualTo("complete");
    });
  }
}
