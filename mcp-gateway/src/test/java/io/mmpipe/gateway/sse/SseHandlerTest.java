package io.mmpipe.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.devkit.SseClient;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.TestUpdates;
import io.javalin.config.JettyConfig;
import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.CatchUpPool;
import io.mmpipe.gateway.stream.CatchUpSource;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The SSE endpoint over an in-memory ring: framing, headers, resume tokens, errors and limits. */
class SseHandlerTest {

  private static final String TOPIC = "u.mm.updates";
  /** A quote and a backslash: the ready event's JSON must escape them, not drop them. */
  private static final String INSTANCE = "gw-\"test\\1";
  private final UpdateRing ring = new UpdateRing(100);
  private final GatewayMetrics metrics = new GatewayMetrics("test");
  private final CatchUpSource noCatchUp = positions -> {
    throw new AssertionError("the ring covers every token in these tests");
  };

  /** Whether the fan-out consumer reads Kafka (what UpdateFanOut.live() answers in the gateway). */
  private final AtomicBoolean live = new AtomicBoolean(true);

  private Javalin app(int maxSubscribers) {
    return app(maxSubscribers, routes -> { });
  }

  /** With {@code extra} (a feature that changes the server) before the SSE routes. */
  private Javalin app(int maxSubscribers, GatewayFeature extra) {
    ring.init(new long[2]);
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 50, new CatchUpPool(noCatchUp, 1), live::get);
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(extra, new SseRoutes(streams,
        PrincipalResolver.anonymous(), metrics,
        new SseHandler.Settings(Duration.ofMillis(200), Duration.ofSeconds(3), maxSubscribers, INSTANCE),
        new OriginPolicy(List.of()))));
  }

  private void append(int partition, long offset, ResourceUpdate u) {
    ring.append(List.of(new UpdateEvent(-1, partition, offset, u, UpdateJson.of(u))));
  }

  @Test
  void shouldFrameUpdatesWithEventTypeResumeIdAndJsonData() {
    JavalinTest.test(app(10), (server, client) -> {
      try (SseClient sse = SseClient.connect("http://localhost:" + server.port() + "/events", Map.of())) {
        assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
        assertThat(sse.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(sse.header("X-Accel-Buffering")).isEqualTo("no");
        SseClient.Event ready = sse.next(Duration.ofSeconds(10));
        assertThat(ready.event()).isEqualTo("ready");
        assertThat(ResumeToken.decode(TOPIC, ready.id(), 2)).containsExactly(0, 0);
        assertThat(ResourceUpdateJson.read(ready.data()).get("instance_id").asText()).isEqualTo(INSTANCE);
        assertThat(sse.retryMs()).isEqualTo(3000L);

        append(1, 0, TestUpdates.post("c1", "p1", "Hello world!"));
        append(0, 0, TestUpdates.reaction("c1", "p1", "+1"));
        SseClient.Event e1 = sse.next(Duration.ofSeconds(10));
        SseClient.Event e2 = sse.next(Duration.ofSeconds(10));
        assertThat(e1.event()).isEqualTo("created");
        assertThat(ResumeToken.decode(TOPIC, e1.id(), 2)).containsExactly(0, 1);
        JsonNode json = ResourceUpdateJson.read(e1.data());
        assertThat(json.get("resource_uri").asText()).isEqualTo("mattermost://new_channel_posts");
        assertThat(json.get("data").get("post").get("message").asText()).isEqualTo("Hello world!");
        assertThat(json.get("event_id").asText()).isEqualTo("post_p1");
        assertThat(json.get("timestamp").decimalValue()).isEqualByComparingTo("1672531200.123");
        assertThat(e2.event()).isEqualTo("reaction_added");
        assertThat(ResumeToken.decode(TOPIC, e2.id(), 2)).containsExactly(1, 1);
        assertThat(ResourceUpdateJson.read(e2.data()).get("data").get("emoji_name").asText()).isEqualTo("+1");
      }
    });
  }

  @Test
  void shouldHoldNoPooledBufferForAnIdleStream() {
    // Jetty's pool, tracking every buffer handed out and not yet given back
    ArrayByteBufferPool.Tracking pool = new ArrayByteBufferPool.Tracking();
    GatewayFeature trackedConnector = new GatewayFeature() {
      @Override
      public void server(JettyConfig jetty) {
        jetty.addConnector((server, http) -> {
          ServerConnector c = new ServerConnector(server, null, null, pool, 1, 1, new HttpConnectionFactory(http));
          c.setHost("127.0.0.1");
          return c;
        });
      }

      @Override
      public void routes(RoutesConfig routes) {}
    };
    JavalinTest.test(app(10, trackedConnector), (server, client) -> {
      List<SseClient> streams = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          SseClient sse = SseClient.connect("http://127.0.0.1:" + server.port() + "/events", Map.of());
          streams.add(sse);
          assertThat(sse.next(Duration.ofSeconds(10)).event()).isEqualTo("ready");
        }
        append(0, 0, TestUpdates.post("c1", "p1", "one"));
        for (SseClient sse : streams) {
          assertThat(sse.next(Duration.ofSeconds(10)).event()).isEqualTo("created");
        }
        // four open, idle streams (each has sent events): none keeps a buffer of the pool
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(pool.getLeaks()).as(pool::dumpLeaks).isEmpty());
      } finally {
        for (SseClient sse : streams) {
          sse.close();
        }
      }
    });
  }

  @Test
  void shouldSendKeepAliveCommentsWhileIdle() {
    JavalinTest.test(app(10), (server, client) -> {
      try (SseClient sse = SseClient.connect("http://localhost:" + server.port() + "/events", Map.of())) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> sse.comments().contains("keep-alive"));
      }
    });
  }

  @Test
  void shouldResumeAfterTheLastEventIdHeaderOrQueryParameter() {
    JavalinTest.test(app(10), (server, client) -> {
      append(0, 0, TestUpdates.post("c1", "p1", "one"));
      append(1, 0, TestUpdates.post("c1", "p2", "two"));
      append(0, 1, TestUpdates.post("c1", "p3", "three"));
      String afterFirst = ResumeToken.encode(TOPIC, new long[] {1, 0});
      String base = "http://localhost:" + server.port() + "/events";
      try (SseClient byHeader = SseClient.connect(base, Map.of("Last-Event-ID", afterFirst));
           SseClient byQuery = SseClient.connect(base + "?last_event_id=" + afterFirst, Map.of())) {
        for (SseClient c : List.of(byHeader, byQuery)) {
          assertThat(c.next(Duration.ofSeconds(10)).event()).isEqualTo("ready");
          assertThat(eventId(c.next(Duration.ofSeconds(10)))).isEqualTo("post_p2");
          assertThat(eventId(c.next(Duration.ofSeconds(10)))).isEqualTo("post_p3");
        }
      }
    });
  }

  @Test
  void shouldApplyFiltersFromTheQuery() {
    JavalinTest.test(app(10), (server, client) -> {
      try (SseClient sse = SseClient.connect("http://localhost:" + server.port()
          + "/events?resource=mattermost://reactions&channel_id=c2,c3", Map.of())) {
        sse.next(Duration.ofSeconds(10)); // ready
        append(0, 0, TestUpdates.reaction("c1", "p1", "eyes"));
        append(0, 1, TestUpdates.post("c2", "p2", "post in c2"));
        append(1, 0, TestUpdates.reaction("c2", "p2", "tada"));
        SseClient.Event e = sse.next(Duration.ofSeconds(10));
        assertThat(ResourceUpdateJson.read(e.data()).get("data").get("emoji_name").asText()).isEqualTo("tada");
        assertThat(ResumeToken.decode(TOPIC, e.id(), 2)).containsExactly(2, 1);
      }
    });
  }

  @Test
  void shouldAnswerBadTokenWith400JsonAndNoStackTrace() {
    JavalinTest.test(app(10), (server, client) -> {
      var r = client.get("/events", req -> req.header("Last-Event-ID", "1garbage"));
      assertThat(r.code()).isEqualTo(400);
      String body = r.body().string();
      JsonNode json = ResourceUpdateJson.read(body);
      assertThat(json.get("error").asText()).isEqualTo("invalid_resume_token");
      assertThat(json.get("message").asText()).isNotBlank();
      assertThat(body).doesNotContain("Exception").doesNotContain("at io.");
      assertThat(client.get("/events?last_event_id=zzz").code()).isEqualTo(400);
      assertThat(client.get("/events?from=yesterday").code()).isEqualTo(400);
      assertThat(client.get("/events?resource=ftp://x").code()).isEqualTo(400);
    });
  }

  @Test
  void shouldRefuseSubscribersPastTheLimitWith503AndRetryAfter() {
    JavalinTest.test(app(1), (server, client) -> {
      try (SseClient first = SseClient.connect("http://localhost:" + server.port() + "/events", Map.of())) {
        first.next(Duration.ofSeconds(10));
        var r = client.get("/events");
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.headers().get("Retry-After")).containsExactly("5");
        assertThat(ResourceUpdateJson.read(r.body().string()).get("error").asText()).isEqualTo("too_many_subscribers");
      }
    });
  }

  @Test
  void shouldRefuseNewSubscribersWith503WhileTheConsumerIsDownAndAcceptThemAgainAfter() {
    JavalinTest.test(app(10), (server, client) -> {
      live.set(false);
      var r = client.get("/events");
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.headers().get("Retry-After")).containsExactly("5");
      String body = r.body().string();
      assertThat(ResourceUpdateJson.read(body).get("error").asText()).isEqualTo("stream_unavailable");
      assertThat(body).doesNotContain("at io.");
      live.set(true);
      try (SseClient sse = SseClient.connect("http://localhost:" + server.port() + "/events", Map.of())) {
        assertThat(sse.status()).isEqualTo(200);
        assertThat(sse.next(Duration.ofSeconds(10)).event()).isEqualTo("ready");
      }
    });
  }

  @Test
  void shouldSendEveryUpdateAsAnUnnamedEventWhenTypedIsFalse() {
    JavalinTest.test(app(10), (server, client) -> {
      try (SseClient sse = SseClient.connect("http://localhost:" + server.port() + "/events?typed=false",
          Map.of())) {
        assertThat(sse.next(Duration.ofSeconds(10)).event()).isEqualTo("ready"); // control events keep names
        ResourceUpdate unknown = TestUpdates.post("c1", "p9", "x");
        unknown.setUpdateType("a_type_no_client_knows");
        append(0, 0, TestUpdates.post("c1", "p1", "one"));
        append(1, 0, unknown);
        SseClient.Event first = sse.next(Duration.ofSeconds(10));
        SseClient.Event second = sse.next(Duration.ofSeconds(10));
        assertThat(List.of(first.event(), second.event())).containsOnly("message");
        assertThat(ResourceUpdateJson.read(second.data()).get("update_type").asText())
            .isEqualTo("a_type_no_client_knows");
        assertThat(ResumeToken.decode(TOPIC, second.id(), 2)).containsExactly(1, 1);
      }
      assertThat(client.get("/events?typed=maybe").code()).isEqualTo(400);
    });
  }

  @Test
  void shouldRejectForeignBrowserOriginsAndOtherLocalPortsButAllowTheOwnOrigin() {
    JavalinTest.test(app(10), (server, client) -> {
      for (String origin : List.of("https://evil.example", "http://localhost:3000")) {
        var foreign = client.get("/events", req -> req.header("Origin", origin));
        assertThat(foreign.code()).as(origin).isEqualTo(403);
        assertThat(ResourceUpdateJson.read(foreign.body().string()).get("status").asInt()).isEqualTo(403);
      }
      try (SseClient local = SseClient.connect("http://localhost:" + server.port() + "/events",
          Map.of("Origin", "http://localhost:" + server.port()))) {
        assertThat(local.status()).isEqualTo(200);
      }
    });
  }

  private static String eventId(SseClient.Event e) {
    return ResourceUpdateJson.read(e.data()).get("event_id").asText();
  }
}
