package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.testkit.KafkaExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may open {@code /ws} and read {@code /events} from a browser (Host, Origin, CORS, tokens), and the counts. */
class WsAccessIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String DASH = "http://dash.example:8080";

  private static int refusedUpgrade(GatewayMain gw, Map<String, String> headers) {
    return WsClient.refusedUpgrade(gw.port(), headers);
  }

  @Test
  void shouldCheckOriginOnTheUpgradeAsOnEveryRequest() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_ALLOWED_ORIGINS", DASH));
    assertThat(refusedUpgrade(gw, Map.of("Origin", "http://evil.example"))).isEqualTo(403);
    WsClient ok = harness.track(WsClient.open(gw.port(), Map.of("Origin", DASH)).get(30, TimeUnit.SECONDS));
    assertThat(ok.next(Duration.ofSeconds(30)).path("event_type").asText()).isEqualTo("connected");
  }

  @Test
  void shouldRequireTheApiTokenOnTheUpgradeWhenTokensAreConfigured() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_API_TOKENS", "ci=s3cret-token"));
    assertThat(refusedUpgrade(gw, Map.of())).isEqualTo(401);
    assertThat(refusedUpgrade(gw, Map.of("Authorization", "Bearer wrong"))).isEqualTo(401);
    WsClient ok = harness.track(WsClient.open(gw.port(), Map.of("Authorization", "Bearer s3cret-token"))
        .get(30, TimeUnit.SECONDS));
    assertThat(ok.next(Duration.ofSeconds(30)).path("event_type").asText()).isEqualTo("connected");
  }

  @Test
  void shouldAnswerCorsPreflightAndEchoOnlyAnAllowedOrigin() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_ALLOWED_ORIGINS", DASH));
    URI events = URI.create("http://127.0.0.1:" + gw.port() + "/events?from=PT1M");
    HttpResponse<String> pre = HTTP.send(HttpRequest.newBuilder(events).method("OPTIONS",
        HttpRequest.BodyPublishers.noBody()).header("Origin", DASH).header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "last-event-id").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(pre.statusCode()).isEqualTo(204);
    assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains(DASH);
    assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
    assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Last-Event-ID");

    HttpResponse<String> evil = HTTP.send(HttpRequest.newBuilder(events).method("OPTIONS",
        HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(events).header("Origin", DASH).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).contains(DASH);
      assertThat(stream.headers().firstValue("Vary").orElse("")).contains("Origin");
    }
    HttpResponse<InputStream> plain = HTTP.send(HttpRequest.newBuilder(events).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = plain.body()) {
      assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void shouldCountClientsPerTransportInStatsAndGetStats() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of());
    harness.events(gw, "", Map.of());
    WsClient one = harness.track(WsClient.connect(gw.port()));
    WsClient two = harness.track(WsClient.connect(gw.port()));
    JsonNode stats = one.call(WsClient.command("get_stats", "st")).path("stats");
    assertThat(stats.path("clients").toString()).isEqualTo("{\"sse\":1,\"websocket\":2,\"mcp\":0}");
    assertThat(stats.path("instance_id").asText()).isEqualTo(gw.config().instanceId());

    two.close();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode body = WsClient.JSON.readTree(HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gw.port() + "/v1/stats")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(body.path("clients").toString()).isEqualTo("{\"sse\":1,\"websocket\":1,\"mcp\":0}");
      assertThat(body.has("ring_head")).isTrue();
      assertThat(body.has("consumer_lag")).isTrue();
    });
  }
}
