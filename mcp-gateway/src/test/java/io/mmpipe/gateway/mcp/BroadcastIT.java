package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.ws.WsClient;
import io.mmpipe.schemas.Topics;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broadcasts on a real broker, two gateway instances: sent through A (HTTP and the MCP tool), delivered by B to an SSE
 * subscriber and to MCP subscribers of both eras; SSE resume across instances; the ring that holds them is bounded.
 */
class BroadcastIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String URI_ = "stream://broadcasts";

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() {
    harness.close();
  }

  /** POST /v1/broadcasts with a JSON body. */
  static HttpResponse<String> post(GatewayMain gw, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/v1/broadcasts"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends through HTTP and returns the broadcast id of the 202. */
  static String send(GatewayMain gw, String type, String text) throws Exception {
    HttpResponse<String> r = post(gw, "{\"type\":\"" + type + "\",\"text\":\"" + text + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return McpFixture.json(r.body()).get("broadcast_id").asText();
  }

  /** A {@code subscriptions/listen} stream (2026-07-28) of the broadcasts on {@code gw}, acknowledged. */
  private PostStream listen(GatewayMain gw) throws Exception {
    PostStream listen = harness.track(PostStream.open(gw.port(), McpFixture.modern(7, "subscriptions/listen",
        "\"notifications\":{\"resourceSubscriptions\":[\"" + URI_ + "\"]}"),
        McpFixture.modernHeaders("subscriptions/listen", null)));
    assertThat(listen.next(Duration.ofSeconds(30)).get("method").asText())
        .isEqualTo("notifications/subscriptions/acknowledged");
    return listen;
  }

  /** {@code resources/read} of the broadcasts on {@code gw}: {@code {"uri","updates":[…],"resume_token"}}. */
  static JsonNode read(GatewayMain gw) throws Exception {
    JsonNode read = McpFixture.result(McpFixture.post(gw.port(), McpFixture.modern(5, "resources/read",
        "\"uri\":\"" + URI_ + "\""), McpFixture.modernHeaders("resources/read", URI_)));
    return McpFixture.json(read.get("contents").get(0).get("text").asText());
  }

  /** Sends {@code n} broadcasts through {@code first} and {@code second} in turn; their event ids, in order. */
  static List<String> sendAlternating(GatewayMain first, GatewayMain second, String type, String prefix, int n)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("broadcast_" + send(i % 2 == 0 ? first : second, type, prefix + i));
    }
    return ids;
  }

  /** Calls push_stream (2026-07-28) and returns the tool result. */
  static JsonNode pushStream(GatewayMain gw, String arguments) throws Exception {
    return McpFixture.result(McpFixture.post(gw.port(), McpFixture.modern(2, "tools/call",
        "\"name\":\"push_stream\",\"arguments\":" + arguments), McpFixture.modernHeaders("tools/call", "push_stream")));
  }

  /** The next {@code n} events of an SSE stream, in order (every event counts; at most 60 s). */
  static List<SseClient.Event> broadcasts(SseClient c, int n) throws InterruptedException {
    return GatewayHarness.take(c, n);
  }

  static String eventId(SseClient.Event e) {
    return McpFixture.json(e.data()).get("event_id").asText();
  }

  @Test
  void shouldDeliverBroadcastsSentThroughAToSseAndMcpSubscribersOfB() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = harness.gateway(topics, Map.of());
    GatewayMain b = harness.gateway(topics, Map.of());
    SseClient sse = harness.events(b, "?resource=" + URI_, Map.of());
    PostStream listen = listen(b);
    String sid = McpFixture.initialize(b.port());
    Map<String, String> h = new HashMap<>(McpFixture.legacy(sid));
    h.put("Accept", "text/event-stream");
    SseClient legacy = harness.track(SseClient.connect("http://127.0.0.1:" + b.port() + "/mcp", h));
    assertThat(legacy.next(Duration.ofSeconds(30)).data()).as("priming event").isEmpty();
    assertThat(McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/subscribe\","
        + "\"params\":{\"uri\":\"" + URI_ + "\"}}", McpFixture.legacy(sid)).statusCode()).isEqualTo(200);

    HttpResponse<String> accepted =
        post(a, "{\"type\":\"warning\",\"text\":\"disk at 91%\",\"data\":{\"host\":\"db1\"}}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    String viaHttp = McpFixture.json(accepted.body()).get("broadcast_id").asText();
    JsonNode tool = pushStream(a, "{\"type\":\"info\",\"text\":\"deployment completed\"}");
    assertThat(tool.has("isError")).as(tool.toString()).isFalse();
    String viaMcp = tool.get("structuredContent").get("broadcast_id").asText();

    List<SseClient.Event> got = broadcasts(sse, 2);
    assertThat(got).extracting(SseClient.Event::event).containsExactly("warning", "info");
    JsonNode first = McpFixture.json(got.get(0).data());
    assertThat(first.get("resource_uri").asText()).isEqualTo(URI_);
    assertThat(first.get("update_type").asText()).isEqualTo("warning");
    assertThat(first.get("event_id").asText()).isEqualTo("broadcast_" + viaHttp);
    assertThat(first.get("timestamp").isNumber()).isTrue();
    assertThat(first.get("data").toString()).isEqualTo("{\"broadcast_id\":\"" + viaHttp + "\",\"type\":\"warning\","
        + "\"text\":\"disk at 91%\",\"data\":{\"host\":\"db1\"},\"sender\":\"anonymous\"}");
    JsonNode second = McpFixture.json(got.get(1).data());
    assertThat(second.get("event_id").asText()).isEqualTo("broadcast_" + viaMcp);
    assertThat(second.get("data").get("data").isNull()).isTrue();

    for (int i = 0; i < 2; i++) {
      JsonNode n = listen.next(Duration.ofSeconds(30));
      assertThat(n).as("listen notification %s", i).isNotNull();
      assertThat(n.get("method").asText()).isEqualTo("notifications/resources/updated");
      assertThat(n.get("params").get("uri").asText()).isEqualTo(URI_);
      JsonNode m = McpFixture.json(legacy.next(Duration.ofSeconds(30)).data());
      assertThat(m.get("method").asText()).isEqualTo("notifications/resources/updated");
      assertThat(m.get("params").get("uri").asText()).isEqualTo(URI_);
    }

    JsonNode listed = McpFixture.result(McpFixture.post(b.port(), McpFixture.modern(4, "resources/list", ""),
        McpFixture.modernHeaders("resources/list", null)));
    assertThat(listed.get("resources").findValuesAsText("uri")).contains(URI_);
    JsonNode body = read(b);
    assertThat(body.get("updates").findValuesAsText("event_id"))
        .containsExactly("broadcast_" + viaHttp, "broadcast_" + viaMcp);
  }

  /** One broadcast sent through A reaches B's subscribers on SSE, the WebSocket and MCP with the same content. */
  @Test
  void shouldDeliverOneBroadcastFromAToSseWebSocketAndMcpSubscribersOfBWithIdenticalContent() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = harness.gateway(topics, Map.of());
    GatewayMain b = harness.gateway(topics, Map.of());
    SseClient sse = harness.events(b, "?resource=" + URI_, Map.of());
    WsClient ws = harness.track(WsClient.connect(b.port()));
    JsonNode sub = ws.call(WsClient.command("subscribe", "b1").put("resource", URI_));
    assertThat(sub.path("status").asText()).as(sub.toString()).isEqualTo("subscribed");
    PostStream listen = listen(b);

    String id = McpFixture.json(post(a, "{\"type\":\"error\",\"text\":\"payments down\","
        + "\"data\":{\"service\":\"pay\",\"since\":5}}").body()).get("broadcast_id").asText();

    SseClient.Event viaSse = broadcasts(sse, 1).getFirst();
    JsonNode expected = McpFixture.json(viaSse.data());
    assertThat(expected.get("event_id").asText()).isEqualTo("broadcast_" + id);
    assertThat(expected.get("data").get("data").toString()).isEqualTo("{\"service\":\"pay\",\"since\":5}");
    List<JsonNode> viaWs = ws.updates(1);
    assertThat(viaWs).hasSize(1);
    assertThat(viaWs.getFirst().get("update")).as("WebSocket = SSE").isEqualTo(expected);
    assertThat(viaWs.getFirst().get("resume_token").asText()).as("the same token").isEqualTo(viaSse.id());
    JsonNode note = listen.next(Duration.ofSeconds(30));
    assertThat(note.get("method").asText()).isEqualTo("notifications/resources/updated");
    assertThat(note.get("params").get("uri").asText()).isEqualTo(URI_);
    JsonNode body = read(b);
    assertThat(body.get("updates")).as("MCP read = SSE").containsExactly(expected);
    assertThat(ws.next(Duration.ofSeconds(2))).as("one broadcast, one update").isNull();
  }

  /** A WebSocket subscriber of the broadcasts resumes with its token on another instance and misses nothing. */
  @Test
  void shouldResumeTheBroadcastStreamOverTheWebSocketOnAnotherInstanceLosingNothing() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = harness.gateway(topics, Map.of());
    GatewayMain b = harness.gateway(topics, Map.of());
    String token;
    try (WsClient onA = WsClient.connect(a.port())) {
      assertThat(onA.call(WsClient.command("subscribe", "b1").put("resource", URI_)).path("status").asText())
          .isEqualTo("subscribed");
      List<String> before = sendAlternating(a, b, "info", "before ", 3);
      List<JsonNode> got = onA.updates(3);
      assertThat(got).extracting(u -> u.get("update").get("event_id").asText()).containsExactlyElementsOf(before);
      token = got.getLast().get("resume_token").asText();
    }
    List<String> meanwhile = sendAlternating(b, a, "warning", "meanwhile ", 4);
    WsClient onB = harness.track(WsClient.connect(b.port()));
    JsonNode resumed = onB.call(WsClient.command("subscribe", "b2").put("resource", URI_).put("resume_from", token));
    assertThat(resumed.path("status").asText()).as(resumed.toString()).isEqualTo("subscribed");
    assertThat(onB.updates(4)).extracting(u -> u.get("update").get("event_id").asText())
        .containsExactlyElementsOf(meanwhile);
    assertThat(onB.next(Duration.ofSeconds(2))).as("nothing repeated after the four").isNull();
    // a broadcast token names mm.broadcasts: the updates stream refuses it
    JsonNode wrong = onB.call(WsClient.command("subscribe", "b3").put("resume_from", token));
    assertThat(wrong.path("error_type").asText()).isEqualTo("invalid_resume_token");
  }

  @Test
  void shouldResumeBroadcastsOnAnotherInstanceWithNothingLostAndNothingRepeated() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = harness.gateway(topics, Map.of());
    GatewayMain b = harness.gateway(topics, Map.of());
    String token;
    try (SseClient onA = harness.events(a, "?resource=" + URI_, Map.of())) {
      List<String> before = sendAlternating(a, b, "info", "before ", 3);
      List<SseClient.Event> got = broadcasts(onA, 3);
      assertThat(got).extracting(BroadcastIT::eventId).containsExactlyElementsOf(before);
      token = got.getLast().id();
    }
    List<String> meanwhile = sendAlternating(b, a, "error", "meanwhile ", 4);
    SseClient onB = harness.events(b, "?resource=" + URI_, Map.of("Last-Event-ID", token));
    assertThat(broadcasts(onB, 4)).extracting(BroadcastIT::eventId).containsExactlyElementsOf(meanwhile);
    assertThat(onB.next(Duration.ofSeconds(2))).as("nothing repeated after the four").isNull();

    // a broadcast token names mm.broadcasts: the updates stream refuses it instead of replaying a wrong place
    HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port()
        + "/events")).header("Last-Event-ID", token).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("\"error\":\"invalid_resume_token\"");
  }

  @Test
  void shouldHoldOnlyTheConfiguredNumberOfBroadcastsAndStillResumeFromKafka() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = harness.gateway(topics, Map.of("BROADCAST_RING", "4"));
    SseClient early = harness.events(gw, "?resource=" + URI_, Map.of());
    String start = early.lastEventId();
    early.close();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add("broadcast_" + send(gw, "info", "n" + i));
    }
    // the ring holds the newest four (what a read returns once all six were consumed) …
    JsonNode body = null;
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      body = read(gw);
      if (body.get("updates").findValuesAsText("event_id").contains(sent.getLast())) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(body.get("updates").findValuesAsText("event_id")).containsExactlyElementsOf(sent.subList(2, 6));
    // … and a subscriber resuming from before all six gets every one, the evicted ones read back from Kafka
    SseClient resumed = harness.events(gw, "?resource=" + URI_, Map.of("Last-Event-ID", start));
    assertThat(broadcasts(resumed, 6)).extracting(BroadcastIT::eventId).containsExactlyElementsOf(sent);
  }

  /** Each bad input of the README's table, its status and error code; none of them is written to Kafka. */
  @Test
  void shouldRefuseEveryBadInputWith400AndWriteNothing() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = harness.gateway(topics, Map.of());
    SseClient listener = harness.events(gw, "?resource=" + URI_, Map.of());
    String big = "x".repeat(40 * 1024);
    Map<String, String> table = new java.util.LinkedHashMap<>();
    table.put("{\"text\":\"hi\"}", "invalid_type");
    table.put("{\"type\":\"debug\",\"text\":\"hi\"}", "invalid_type");
    table.put("{\"type\":1,\"text\":\"hi\"}", "invalid_type");
    table.put("{\"type\":\"info\"}", "missing_text");
    table.put("{\"type\":\"info\",\"text\":\"  \"}", "missing_text");
    table.put("{\"type\":\"info\",\"text\":7}", "invalid_text");
    table.put("{\"type\":\"info\",\"text\":\"" + "y".repeat(4097) + "\"}", "text_too_long");
    table.put("{\"type\":\"info\",\"text\":\"hi\",\"data\":[1]}", "invalid_data");
    table.put("{\"type\":\"info\",\"text\":\"hi\",\"data\":{\"k\":\"" + "z".repeat(16 * 1024) + "\"}}",
        "data_too_large");
    table.put("{\"type\":\"info\",\"text\":\"hi\",\"channel\":\"x\"}", "unknown_field");
    table.put("{\"type\":\"info\",\"type\":\"error\",\"text\":\"hi\"}", "invalid_json");
    table.put("{\"type\":\"info\",\"text\":\"hi\"} trailing", "invalid_json");
    table.put("{\"type\":", "invalid_json");
    table.put("hello", "invalid_json");
    table.put("", "invalid_body");
    table.put("[\"info\",\"hi\"]", "invalid_body");
    table.put("{\"type\":\"info\",\"text\":\"" + big + "\"}", "body_too_large");
    for (var row : table.entrySet()) {
      HttpResponse<String> r = post(gw, row.getKey());
      String shown = row.getKey().length() > 60 ? row.getKey().substring(0, 60) + "…" : row.getKey();
      assertThat(r.statusCode()).as(shown).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).as(shown).hasValueSatisfying(
          t -> assertThat(t).startsWith("application/json"));
      JsonNode error = McpFixture.json(r.body());
      assertThat(error.get("error").asText()).as(shown).isEqualTo(row.getValue());
      assertThat(error.get("message").asText()).as(shown).isNotBlank().doesNotContain("at io.", "Exception");
    }
    HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
        + "/v1/broadcasts")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"info\",\"text\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(McpFixture.json(plain.body()).get("error").asText()).isEqualTo("invalid_content_type");
    // without a Content-Length (chunked) the limit holds while reading
    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
        + "/v1/broadcasts")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
            ("{\"type\":\"info\",\"text\":\"" + big + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(400);
    assertThat(McpFixture.json(chunked.body()).get("error").asText()).isEqualTo("body_too_large");
    // the broadcasts are a stream of their own: not mixed with updates in one SSE connection
    HttpResponse<String> mixed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
        + "/events?resource=" + URI_ + ",mattermost://new_channel_posts")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(McpFixture.json(mixed.body()).get("error").asText()).isEqualTo("invalid_filter");
    // the MCP tool refuses the same input as a tool error the model can act on
    JsonNode tool = pushStream(gw, "{\"type\":\"loud\",\"text\":\"hi\"}");
    assertThat(tool.get("isError").asBoolean()).isTrue();
    assertThat(tool.get("content").get(0).get("text").asText()).startsWith("invalid_type:");
    assertThat(pushStream(gw, "{\"type\":\"info\"}").get("content").get(0).get("text").asText())
        .startsWith("missing_text:");

    // nothing of the above reached the topic: the first broadcast the listener sees is the next good one
    String good = send(gw, "info", "the only one");
    List<SseClient.Event> got = broadcasts(listener, 1);
    assertThat(got).extracting(BroadcastIT::eventId).containsExactly("broadcast_" + good);
    assertThat(listener.next(Duration.ofSeconds(2))).isNull();
  }

  @Test
  void shouldNeedTheApiTokenAndNameTheSenderByIt() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_API_TOKENS", "ops=token-of-ops"));
    SseClient listener = harness.events(gw, "?resource=" + URI_, Map.of("Authorization", "Bearer token-of-ops"));
    HttpResponse<String> anonymous = post(gw, "{\"type\":\"info\",\"text\":\"hi\"}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
        + "/v1/broadcasts")).header("Content-Type", "application/json").header("Authorization", "Bearer token-of-ops")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"info\",\"text\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(202);
    List<SseClient.Event> got = broadcasts(listener, 1);
    assertThat(got).hasSize(1);
    assertThat(McpFixture.json(got.getFirst().data()).get("data").get("sender").asText()).isEqualTo("ops");
  }
}
