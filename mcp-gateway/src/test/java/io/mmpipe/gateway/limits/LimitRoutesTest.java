package io.mmpipe.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.Principal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limits in front of stand-in handlers ({@code /events} holds its request until released, as a stream does):
 * 429 with Retry-After per principal, a JSON-RPC error on /mcp, 413 for a large body, 503 past the global limit,
 * and every slot given back when the request ends.
 */
class LimitRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final CountDownLatch release = new CountDownLatch(1);
  private LimitRoutes limits;

  private Javalin app(LimitSettings settings) {
    limits = new LimitRoutes(settings,
        ctx -> new Principal.ApiTokenHolder(String.valueOf(ctx.header("X-User"))));
    GatewayFeature stand = routes -> {
      // like the real handlers, these read the body (an unread one makes the server close the connection)
      routes.post("/mcp", ctx -> {
        ctx.body();
        ctx.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
      });
      routes.post("/v1/broadcasts", ctx -> ctx.status(ctx.body().isEmpty() ? 400 : 202)
          .result(Integer.toString(ctx.body().length())));
      routes.get("/health", ctx -> ctx.result("ok"));
      routes.get("/events", ctx -> ctx.result(release.await(60, TimeUnit.SECONDS) ? "done" : "timeout"));
    };
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(limits, stand));
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> post(Javalin server, String path, String user, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .header("X-User", user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(Javalin server, String path, String user) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .header("X-User", user).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswer429WithRetryAfterPerPrincipalAndAJsonRpcErrorOnMcp() {
    JavalinTest.test(app(new LimitSettings(0.01, 2, 100, 10, 100, 1024)), (server, client) -> {
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      assertThat(post(server, "/mcp", "alice", body).statusCode()).isEqualTo(200);
      assertThat(post(server, "/mcp", "alice", body).statusCode()).isEqualTo(200);
      HttpResponse<String> refused = post(server, "/mcp", "alice", body);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
      JsonNode rpc = JSON.readTree(refused.body());
      assertThat(rpc.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(rpc.get("error").get("code").asInt()).isEqualTo(-32000);
      assertThat(rpc.get("error").get("message").asText()).contains("too many requests");
      HttpResponse<String> rest = post(server, "/v1/broadcasts", "alice", "{}");
      assertThat(rest.statusCode()).isEqualTo(429);
      assertThat(rest.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(rest.body()).get("error").asText()).isEqualTo("rate_limited");
      assertThat(post(server, "/mcp", "bob", body).statusCode()).as("another principal has its own budget")
          .isEqualTo(200);
      assertThat(get(server, "/health", "alice").statusCode()).as("probes are not limited").isEqualTo(200);
    });
  }

  @Test
  void shouldRefuseALargeBodyWith413() {
    JavalinTest.test(app(new LimitSettings(100, 100, 100, 10, 100, 1024)), (server, client) -> {
      HttpResponse<String> big = post(server, "/mcp", "alice", "x".repeat(1025));
      assertThat(big.statusCode()).isEqualTo(413);
      JsonNode rpc = JSON.readTree(big.body());
      assertThat(rpc.get("error").get("code").asInt()).as("a JSON-RPC error on /mcp").isEqualTo(-32600);
      assertThat(rpc.get("error").get("message").asText()).contains("larger than 1024 bytes");
      assertThat(big.body()).doesNotContain("Exception");
      assertThat(post(server, "/v1/broadcasts", "alice", "x".repeat(5000)).statusCode()).isEqualTo(413);
      assertThat(post(server, "/v1/broadcasts", "alice", "x".repeat(1024)).statusCode()).isEqualTo(202);
    });
  }

  @Test
  void shouldRefuseAChunkedBodyOverTheLimitWith413AndServeOneWithinIt() {
    JavalinTest.test(app(new LimitSettings(100, 100, 100, 10, 100, 1024)), (server, client) -> {
      Chunked small = Chunked.send(server.port(), "/v1/broadcasts", "x".repeat(1024), 1024);
      assertThat(small.status()).isEqualTo(202);
      assertThat(small.body()).as("the handler read the whole body").isEqualTo("1024");
      Chunked over = Chunked.send(server.port(), "/v1/broadcasts", "x".repeat(1025), 1025);
      assertThat(over.status()).isEqualTo(413);
      assertThat(JSON.readTree(over.body()).get("error").asText()).isEqualTo("body_too_large");
      Chunked mcp = Chunked.send(server.port(), "/mcp", "x".repeat(5000), 5000);
      assertThat(mcp.status()).isEqualTo(413);
      JsonNode rpc = JSON.readTree(mcp.body());
      assertThat(rpc.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(rpc.get("error").get("code").asInt()).isEqualTo(-32600);
    });
  }

  @Test
  void shouldAnswer413ToAnEndlessChunkedBodyWithoutReadingIt() {
    JavalinTest.test(app(new LimitSettings(100, 100, 100, 10, 100, 1024)), (server, client) -> {
      for (String path : List.of("/mcp", "/v1/broadcasts", "/v1/no-such-route")) {
        Chunked endless = Chunked.send(server.port(), path, "y".repeat(4096), Chunked.ENDLESS);
        assertThat(endless.status()).as(path).isEqualTo(413);
        assertThat(endless.body()).doesNotContain("Exception");
        assertThat(endless.sent()).as("the server closed the connection: the client could not send on forever")
            .isLessThan(Chunked.ENDLESS);
      }
      assertThat(post(server, "/mcp", "alice", "{}").statusCode()).as("still serving").isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> limits.inFlight() == 0);
    });
  }

  @Test
  void shouldLimitStreamsPerPrincipalAndAnswer503PastTheGlobalLimitThenGiveEverySlotBack() {
    JavalinTest.test(app(new LimitSettings(100, 100, 100, 2, 3, 1024)), (server, client) -> {
      HttpClient http = HTTP;
      URI events = URI.create("http://localhost:" + server.port() + "/events");
      List<CompletableFuture<HttpResponse<String>>> held = List.of(
          http.sendAsync(HttpRequest.newBuilder(events).header("X-User", "alice").build(),
              HttpResponse.BodyHandlers.ofString()),
          http.sendAsync(HttpRequest.newBuilder(events).header("X-User", "alice").build(),
              HttpResponse.BodyHandlers.ofString()));
      await().atMost(Duration.ofSeconds(30)).until(() -> limits.inFlight() == 2);
      var third = get(server, "/events", "alice");
      assertThat(third.statusCode()).as("alice's third stream").isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).isPresent();
      assertThat(third.body()).contains("too many streams");
      CompletableFuture<HttpResponse<String>> bobs = http.sendAsync(HttpRequest.newBuilder(events)
          .header("X-User", "bob").build(), HttpResponse.BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(30)).until(() -> limits.inFlight() == 3);
      var past = get(server, "/health", "carol");
      assertThat(past.statusCode()).as("a fourth request past GATEWAY_MAX_CONNECTIONS=3").isEqualTo(503);
      assertThat(past.headers().firstValue("Retry-After")).hasValue("5");
      release.countDown();
      for (var f : held) {
        assertThat(f.get(30, TimeUnit.SECONDS).body()).isEqualTo("done");
      }
      assertThat(bobs.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> limits.inFlight() == 0);
      assertThat(get(server, "/events", "alice").statusCode()).isEqualTo(200);
      assertThat(get(server, "/health", "dave").statusCode()).isEqualTo(200);
      assertThat(limits.inFlight()).isZero();
    });
  }
}
