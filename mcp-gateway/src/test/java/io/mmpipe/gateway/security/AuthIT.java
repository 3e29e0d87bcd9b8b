package io.mmpipe.gateway.security;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gateway with GATEWAY_API_TOKENS: /mcp and /events need the Bearer token, probes do not. */
class AuthIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private final GatewayHarness harness = new GatewayHarness(KAFKA);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    harness.close();
  }

  private HttpResponse<String> post(GatewayMain gw, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/mcp"))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeMcpAndEventsOnlyToTokenHoldersAndLeaveProbesOpen() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of("GATEWAY_API_TOKENS", "ci=token-for-ci,other"));

    for (String bad : new String[] {null, "Basic Y2k6dG9rZW4=", "Bearer nope", "Bearer ci"}) {
      HttpResponse<String> refused = post(gw, bad);
      assertThat(refused.statusCode()).as("Authorization %s", bad).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mmpipe\"");
      assertThat(refused.body()).contains("\"unauthorized\"").doesNotContain("token-for-ci");
    }
    HttpResponse<String> ok = post(gw, "Bearer token-for-ci");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Mcp-Session-Id")).isPresent();
    assertThat(post(gw, "Bearer other").statusCode()).isEqualTo(200);

    URI events = URI.create("http://127.0.0.1:" + gw.port() + "/events");
    try (SseClient anonymous = SseClient.connect(events)) {
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }
    // past the token check, /events answers 503 "not_ready" until this instance's update stream has started
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      try (SseClient probe = SseClient.connect(events, Map.of("Authorization", "Bearer token-for-ci"))) {
        return probe.status() != 503;
      }
    });
    try (SseClient holder = SseClient.connect(events, Map.of("Authorization", "Bearer token-for-ci"))) {
      assertThat(holder.status()).isEqualTo(200);
      assertThat(holder.next(Duration.ofSeconds(10)).event()).isEqualTo("ready");
    }

    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gw.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldStayAnonymousWithoutTokens() throws Exception {
    GatewayMain gw = harness.gateway(KAFKA.newTopics(), Map.of());
    assertThat(post(gw, null).statusCode()).isEqualTo(200);
  }
}
