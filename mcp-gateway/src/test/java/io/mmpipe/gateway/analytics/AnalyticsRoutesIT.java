package io.mmpipe.gateway.analytics;

import static io.mmpipe.gateway.analytics.ActivityBoardTest.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /v1/analytics/channels[/{id}] on a gateway reading a real mm.analytics.channel-activity topic, created only
 * after the gateway started (as when the analytics job starts later): scope, bad input, the list.
 */
class AnalyticsRoutesIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final String TOKENS = "all=an-token-all,scoped[chan-a]=an-token-scoped";

  private final GatewayHarness harness = new GatewayHarness(KAFKA);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    harness.close();
  }

  private HttpResponse<String> get(GatewayMain gw, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** resources/read in the modern (stateless) era, with the caller's token. */
  private JsonNode mcpRead(GatewayMain gw, String uri, String token) throws Exception {
    var rpc = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 7).put("method", "resources/read");
    var params = rpc.putObject("params").put("uri", uri);
    params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("io.modelcontextprotocol/clientCapabilities",
            JsonRpc.JSON.createObjectNode())
        .putObject("io.modelcontextprotocol/clientInfo").put("name", "t").put("version", "1");
    String body = rpc.toString();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/mcp"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "resources/read").header("Mcp-Name", uri).header("Authorization", "Bearer " + token)
        .build();
    return JsonRpc.JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private GatewayMain gatewayWithActivity() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = harness.gateway(topics, Map.of("GATEWAY_API_TOKENS", TOKENS));
    Topic<String, ChannelActivity> t = topics.channelActivity();
    io.mmpipe.runtime.kafka.TopicAdmin.ensureTopics(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
        Map.of(t.name(), t.configs()), 2, (short) 1);
    // a record that is not a ChannelActivity first: the reader skips it and goes on
    try (KafkaProducer<String, byte[]> junk = new KafkaProducer<>(Map.of("bootstrap.servers",
        KAFKA.bootstrapServers()), t.keySerde().serializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      junk.send(new ProducerRecord<>(t.name(), "chan-b/hour/0", new byte[] {1, 2, 3})).get();
    }
    try (KafkaProducer<String, ChannelActivity> p = new KafkaProducer<>(Map.of("bootstrap.servers",
        KAFKA.bootstrapServers()), t.keySerde().serializer(), t.valueSerde().serializer())) {
      for (ChannelActivity a : new ChannelActivity[] {activity("chan-a", "hour", 0, 4),
          activity("chan-a", "minute", 0, 2), activity("chan-b", "hour", 0, 9)}) {
        p.send(new ProducerRecord<>(t.name(), a.getChannelId() + "/" + a.getWindow() + "/0", a)).get();
      }
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> get(gw, "/v1/analytics/channels/chan-b", "an-token-all")
        .statusCode() == 200);
    return gw;
  }

  @Test
  void shouldServeAChannelsActivityToWhoMaySeeItAndAnswerOthersAsForAnUnknownChannel() throws Exception {
    GatewayMain gw = gatewayWithActivity();
    HttpResponse<String> a = get(gw, "/v1/analytics/channels/chan-a", "an-token-scoped");
    assertThat(a.statusCode()).isEqualTo(200);
    JsonNode body = JsonRpc.JSON.readTree(a.body());
    assertThat(body.get("hour").get("messages").asLong()).isEqualTo(4);
    assertThat(body.get("minute").get("messages").asLong()).isEqualTo(2);

    HttpResponse<String> hidden = get(gw, "/v1/analytics/channels/chan-b", "an-token-scoped");
    HttpResponse<String> unknown = get(gw, "/v1/analytics/channels/chan-z", "an-token-scoped");
    assertThat(hidden.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(404);
    assertThat(hidden.body().replace("chan-b", "X")).isEqualTo(unknown.body().replace("chan-z", "X"));
    assertThat(hidden.body()).contains("unknown_channel").doesNotContain("Exception");

    JsonNode top = JsonRpc.JSON.readTree(get(gw, "/v1/analytics/channels", "an-token-scoped").body());
    assertThat(top.get("reading").asBoolean()).isTrue();
    assertThat(top.get("channels")).hasSize(1);
    assertThat(top.get("channels").get(0).get("channel_id").asText()).isEqualTo("chan-a");
    JsonNode all = JsonRpc.JSON.readTree(get(gw, "/v1/analytics/channels?limit=5", "an-token-all").body());
    assertThat(all.get("channels")).extracting(c -> c.get("channel_id").asText()).containsExactly("chan-b", "chan-a");

    // the same through MCP: the resource template, scope-checked the same way
    JsonNode read = mcpRead(gw, "mattermost://analytics/channels/chan-a", "an-token-scoped");
    JsonNode text = JsonRpc.JSON.readTree(read.get("result").get("contents").get(0).get("text").asText());
    assertThat(text.get("hour").get("messages").asLong()).isEqualTo(4);
    JsonNode hiddenRead = mcpRead(gw, "mattermost://analytics/channels/chan-b", "an-token-scoped");
    JsonNode unknownRead = mcpRead(gw, "mattermost://analytics/channels/chan-z", "an-token-scoped");
    assertThat(hiddenRead.get("error").get("code").asInt()).isEqualTo(unknownRead.get("error").get("code").asInt());
    assertThat(hiddenRead.get("error").get("message").asText().replace("chan-b", "X"))
        .isEqualTo(unknownRead.get("error").get("message").asText().replace("chan-z", "X"));
    assertThat(mcpRead(gw, "mattermost://analytics/channels/chan-b", "an-token-all").has("result")).isTrue();

    assertThat(get(gw, "/v1/analytics/channels/chan-a", null).statusCode()).isEqualTo(401);
    assertThat(get(gw, "/v1/analytics/channels", null).statusCode()).isEqualTo(401);
  }

  /** The bad-input table of the mcp-gateway README, "Channel activity". */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /v1/analytics/channels/bad!id              | 400 | invalid_channel_id
      /v1/analytics/channels/%20                 | 400 | invalid_channel_id
      /v1/analytics/channels/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | 400 | invalid_channel_id
      /v1/analytics/channels?limit=0             | 400 | invalid_limit
      /v1/analytics/channels?limit=101           | 400 | invalid_limit
      /v1/analytics/channels?limit=ten           | 400 | invalid_limit
      /v1/analytics/channels/chan-nothing        | 404 | unknown_channel
      """)
  void shouldRefuseBadInputWithACodeAndNoStackTrace(String path, int status, String code) throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_API_TOKENS", TOKENS));
    HttpResponse<String> r = get(gw, path, "an-token-all");
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body()).contains(code).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
