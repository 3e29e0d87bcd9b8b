package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.RawHttp;
import io.mmpipe.testkit.KafkaExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DNS rebinding and foreign pages, on every endpoint of a gateway bound to loopback: a foreign Host, a foreign Origin
 * (another site, or another port of localhost), and no Origin with a foreign Host are answered 403 before any handler
 * runs; the gateway's own Host and origin are served.
 */
class RebindingIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static GatewayHarness harness;
  private static GatewayMain gw;

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final Map<String, String> WS = Map.of("Upgrade", "websocket", "Connection", "Upgrade",
      "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13");

  @BeforeAll
  static void start() {
    harness = new GatewayHarness(KAFKA);
    gw = harness.gateway(KAFKA.newTopics(), Map.of());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Every endpoint: method, path, extra headers, body. */
  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("POST", "/mcp", Map.of("Accept", "application/json, text/event-stream"), INITIALIZE),
        Arguments.of("GET", "/mcp", Map.of("Accept", "text/event-stream"), null),
        Arguments.of("GET", "/events", Map.of("Accept", "text/event-stream"), null),
        Arguments.of("GET", "/ws", WS, null),
        Arguments.of("POST", "/v1/broadcasts", Map.of(), "{\"text\":\"hello\"}"),
        Arguments.of("GET", "/v1/stats", Map.of(), null),
        Arguments.of("GET", "/", Map.of(), null),
        Arguments.of("GET", "/dashboard/dashboard.js", Map.of(), null),
        Arguments.of("GET", "/metrics", Map.of(), null),
        Arguments.of("GET", "/health", Map.of(), null),
        Arguments.of("OPTIONS", "/events", Map.of("Access-Control-Request-Method", "GET"), null));
  }

  private static RawHttp send(String method, String path, Map<String, String> extra, String body, String host,
                              String origin) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (host != null) {
      headers.put("Host", host);
    }
    if (origin != null) {
      headers.put("Origin", origin);
    }
    headers.putAll(extra);
    return RawHttp.send(gw.port(), method, path, headers, body);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void shouldRefuseAForeignHostWithoutOrigin(String method, String path, Map<String, String> extra, String body)
      throws Exception {
    assertThat(send(method, path, extra, body, "evil.example", null).status()).isEqualTo(403);
    assertThat(send(method, path, extra, body, "localhost:1", null).status()).as("another port").isEqualTo(403);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void shouldRefuseAForeignHostWithAForeignOrigin(String method, String path, Map<String, String> extra,
                                                  String body) throws Exception {
    RawHttp r = send(method, path, extra, body, "evil.example:" + gw.port(), "http://evil.example:" + gw.port());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.head()).doesNotContainIgnoringCase("Access-Control-Allow-Origin");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void shouldRefuseAForeignOriginOnTheRealHost(String method, String path, Map<String, String> extra, String body)
      throws Exception {
    String host = "localhost:" + gw.port();
    for (String origin : new String[] {"http://evil.example", "http://localhost:3000", "null",
        "http://127.0.0.1:" + gw.port()}) {
      RawHttp r = send(method, path, extra, body, host, origin);
      assertThat(r.status()).as("Origin %s", origin).isEqualTo(403);
      assertThat(r.head()).doesNotContainIgnoringCase("Access-Control-Allow-Origin");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void shouldServeTheOwnHostAndOrigin(String method, String path, Map<String, String> extra, String body)
      throws Exception {
    for (String host : new String[] {"localhost:" + gw.port(), "127.0.0.1:" + gw.port(), "[::1]:" + gw.port()}) {
      assertThat(send(method, path, extra, body, host, null).status()).as("Host %s", host).isNotEqualTo(403);
      assertThat(send(method, path, extra, body, host, "http://" + host).status()).as("Host %s, own origin", host)
          .isNotEqualTo(403);
    }
  }
}
