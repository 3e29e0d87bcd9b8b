package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits on a running gateway, per API-token holder: streams over SSE and WebSocket count together against
 * GATEWAY_MAX_STREAMS_PER_PRINCIPAL (a refused upgrade is an HTTP 429), a closed stream gives its slot back, and
 * POST /mcp past GATEWAY_RATE_BURST is a 429 JSON-RPC error with Retry-After.
 */
class StreamLimitsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final Map<String, String> A = Map.of("Authorization", "Bearer limits-token-a");
  private static final Map<String, String> B = Map.of("Authorization", "Bearer limits-token-b");

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void close() {
    harness.close();
  }

  private GatewayMain gateway(Map<String, String> limits) {
    Map<String, String> env = new java.util.HashMap<>(limits);
    env.put("GATEWAY_API_TOKENS", "a=limits-token-a,b=limits-token-b");
    return harness.gateway(KAFKA.newTopics(), env);
  }

  private static int refusedUpgrade(GatewayMain gw, Map<String, String> headers) {
    return WsClient.refusedUpgrade(gw.port(), headers);
  }

  @Test
  void shouldCountSseAndWebSocketStreamsPerPrincipalAndGiveSlotsBack() throws Exception {
    GatewayMain gw = gateway(Map.of("GATEWAY_MAX_STREAMS_PER_PRINCIPAL", "2"));
    SseClient sse = harness.track(SseClient.connect("http://127.0.0.1:" + gw.port() + "/events", A));
    assertThat(sse.status()).isEqualTo(200);
    WsClient ws = WsClient.open(gw.port(), A).get(30, TimeUnit.SECONDS);
    assertThat(ws.next(Duration.ofSeconds(30)).path("event_type").asText()).isEqualTo("connected");
    assertThat(refusedUpgrade(gw, A)).as("a's third stream, a WebSocket").isEqualTo(429);
    try (SseClient third = SseClient.connect("http://127.0.0.1:" + gw.port() + "/events", A)) {
      assertThat(third.status()).as("a's third stream, SSE").isEqualTo(429);
    }
    WsClient other = harness.track(WsClient.open(gw.port(), B).get(30, TimeUnit.SECONDS));
    assertThat(other.next(Duration.ofSeconds(30)).path("event_type").asText()).as("b has its own quota")
        .isEqualTo("connected");
    ws.close();
    WsClient again = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try {
        return WsClient.open(gw.port(), A).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return null;
      }
    }, c -> c != null);
    harness.track(again);
    assertThat(again.next(Duration.ofSeconds(30)).path("event_type").asText()).isEqualTo("connected");
  }

  @Test
  void shouldAnswerMcpPostsPastTheBurstWith429AndAJsonRpcError() throws Exception {
    GatewayMain gw = gateway(Map.of("GATEWAY_RATE_BURST", "3", "GATEWAY_RATE_PER_SECOND", "1"));
    HttpClient http = HttpClient.newHttpClient();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/mcp"))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .header("Authorization", A.get("Authorization"))
          .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("\"jsonrpc\":\"2.0\"").contains("\"code\":-32000")
        .doesNotContain("limits-token");
  }
}
