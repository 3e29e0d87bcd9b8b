package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.JettyConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.http.UpgradeEnd;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.metrics.GatewayStats;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.CatchUpPool;
import io.mmpipe.gateway.stream.CatchUpSource;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.junit.jupiter.api.Test;

/** {@code /ws} over an in-memory ring: several subscriptions per connection, unsubscribe, and the connection cap. */
class WsRoutesTest {

  private final UpdateRing ring = new UpdateRing(100);
  private final GatewayMetrics metrics = new GatewayMetrics("test");
  private final AtomicBoolean live = new AtomicBoolean(true);
  private final CatchUpSource noCatchUp = positions -> {
    throw new AssertionError("the ring covers every position in these tests");
  };

  private final AtomicReference<ServletContextHandler> context = new AtomicReference<>();

  private Javalin app(int maxConnections) {
    return app(maxConnections, WsSettings.defaults().pingInterval(), routes -> { });
  }

  /** With {@code before} registered ahead of the WebSocket feature (as authentication and limits are). */
  private Javalin app(int maxConnections, Duration pingInterval, GatewayFeature before) {
    ring.init(new long[1]);
    UpdateStreams streams = new UpdateStreams(ring, "u.mm.updates", 50, new CatchUpPool(noCatchUp, 1), live::get);
    WsSettings d = WsSettings.defaults();
    WsSettings settings = new WsSettings(d.maxFrameBytes(), maxConnections, d.maxSubscriptions(), d.burst(),
        d.perSecond(), d.floodLimit(), d.sendTimeout(), pingInterval);
    GatewayFeature captureContext = new GatewayFeature() {
      @Override
      public void server(JettyConfig jetty) {
        jetty.modifyServletContextHandler(context::set);
      }

      @Override
      public void routes(RoutesConfig routes) {}
    };
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(captureContext, before, new WsRoutes(streams,
        PrincipalResolver.anonymous(), metrics, new GatewayStats("test", metrics, ring::head, () -> 0), settings)));
  }

  private long offset;

  private void append(ResourceUpdate u) {
    ring.append(List.of(new UpdateEvent(-1, 0, offset++, u, UpdateJson.of(u))));
  }

  @Test
  void shouldTagEachSubscriptionsUpdatesAndStopThemOnUnsubscribe() {
    JavalinTest.test(app(10), (server, http) -> {
      try (WsClient c = WsClient.connect(server.port())) {
        WsIT.subscribe(c, "a", "\"channel_ids\":[\"c1\"]");
        WsIT.subscribe(c, "b", "\"types\":[\"reaction_added\"]");
        append(TestUpdates.post("c1", "p1", "hi"));
        append(TestUpdates.reaction("c1", "p1", "smile"));
        List<JsonNode> got = c.updates(3);
        assertThat(got).extracting(m -> m.path("subscription_id").asText() + ":"
            + m.path("update").path("event_id").asText())
            .containsExactlyInAnyOrder("s1:post_p1", "s1:reaction_p1_u2_smile_added_1",
                "s2:reaction_p1_u2_smile_added_1");

        assertThat(c.call(WsClient.command("unsubscribe", "u").put("subscription_id", "s1")).path("status")
            .asText()).isEqualTo("unsubscribed");
        append(TestUpdates.post("c1", "p2", "again"));
        append(TestUpdates.reaction("c1", "p2", "tada"));
        List<JsonNode> after = c.updates(1);
        assertThat(after).extracting(m -> m.path("subscription_id").asText()).containsExactly("s2");
        assertThat(c.next(Duration.ofMillis(500))).isNull();
      }
    });
  }

  @Test
  void shouldKeepNoHttpSessionForAnOpenOrClosedConnection() {
    JavalinTest.test(app(10), (server, http) -> {
      // Javalin creates a session on every upgrade; Jetty's default cache kept each one forever
      DefaultSessionCache cache = (DefaultSessionCache) context.get().getSessionHandler().getSessionCache();
      try (WsClient a = WsClient.connect(server.port()); WsClient b = WsClient.connect(server.port())) {
        WsIT.subscribe(a, "a", "\"channel_ids\":[\"c1\"]");
        assertThat(cache.getSessionsTotal()).as("sessions were created").isGreaterThanOrEqualTo(2);
        // a session leaves the cache when its upgrade request ends, just after the 101 reached the client
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cache.getSessionsCurrent())
            .as("sessions held while the connections are open").isZero());
      }
      try (RawWsClient raw = new RawWsClient(server.port())) {
        assertThat(raw.handshake()).doesNotContainIgnoringCase("set-cookie");
      }
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(cache.getSessionsCurrent()).isZero());
      assertThat(cache.getSessionsTotal()).isGreaterThanOrEqualTo(3);
    });
  }

  @Test
  void shouldRefuseAConnectionOverTheCapAndASubscriptionWhileTheStreamIsDown() {
    JavalinTest.test(app(2), (server, http) -> {
      try (WsClient one = WsClient.connect(server.port()); WsClient two = WsClient.connect(server.port());
           WsClient three = WsClient.open(server.port(), java.util.Map.of()).get()) {
        JsonNode refused = three.next(Duration.ofSeconds(10));
        assertThat(refused.path("error_type").asText()).isEqualTo("too_many_connections");
        assertThat(three.closeCode(Duration.ofSeconds(10))).isEqualTo(1013);
        assertThat(metrics.clients().json().path("websocket").asInt()).isEqualTo(2);

        live.set(false);
        JsonNode down = one.call(WsClient.command("subscribe", "x"));
        assertThat(down.path("error_type").asText()).isEqualTo("stream_unavailable");
      }
    });
  }

  @Test
  void shouldHoldNoUpgradeRequestWhileTheConnectionIsOpen() {
    // Javalin's own WebSocket layer kept each connection's upgrade request (servlet request, headers, HTTP parser,
    // session) until it closed: about half of an idle connection's heap
    List<WeakReference<Object>> requests = new CopyOnWriteArrayList<>();
    AtomicInteger released = new AtomicInteger();
    GatewayFeature watch = routes -> routes.wsBeforeUpgrade("/ws", ctx -> {
      requests.add(new WeakReference<>(ctx.req()));
      UpgradeEnd.onEnd(ctx, released::incrementAndGet);
    });
    JavalinTest.test(app(10, WsSettings.defaults().pingInterval(), watch), (server, http) -> {
      try (WsClient c = WsClient.connect(server.port())) {
        WsIT.subscribe(c, "a", "\"channel_ids\":[\"c1\"]");
        assertThat(requests).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
          System.gc();
          return requests.getFirst().get() == null;
        });
        append(TestUpdates.post("c1", "p1", "still served"));
        assertThat(c.updates(1).getFirst().path("update").path("event_id").asText()).isEqualTo("post_p1");
        assertThat(released).as("what the upgrade took is kept while the connection is open").hasValue(0);
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(released).hasValue(1));
    });
  }

  @Test
  void shouldGiveBackWhatAnUpgradeTookWhenTheConnectionIsRefusedOrEnds() {
    AtomicInteger taken = new AtomicInteger();
    GatewayFeature count = routes -> routes.wsBeforeUpgrade("/ws", ctx -> {
      taken.incrementAndGet();
      UpgradeEnd.onEnd(ctx, taken::decrementAndGet);
    });
    JavalinTest.test(app(1, WsSettings.defaults().pingInterval(), count), (server, http) -> {
      try (WsClient one = WsClient.connect(server.port());
           WsClient two = WsClient.open(server.port(), java.util.Map.of()).get()) {
        assertThat(two.next(Duration.ofSeconds(10)).path("error_type").asText()).isEqualTo("too_many_connections");
        assertThat(two.closeCode(Duration.ofSeconds(10))).isEqualTo(1013);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taken).hasValue(1));
        assertThat(one.call(WsClient.command("ping", "p")).path("status").asText()).isEqualTo("pong");
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(taken).hasValue(0));
      // not a valid upgrade (no key): refused as HTTP, and nothing stays taken
      String answer = rawRequest(server.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(taken).hasValue(0);
    });
  }

  /** Sends {@code request} on a fresh socket and reads the whole answer (the server closes after it). */
  private static String rawRequest(int port, String request) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldPingEveryOpenConnectionAtTheInterval() {
    JavalinTest.test(app(10, Duration.ofMillis(200), routes -> { }), (server, http) -> {
      try (RawWsClient a = new RawWsClient(server.port()); RawWsClient b = new RawWsClient(server.port())) {
        for (RawWsClient c : List.of(a, b)) {
          assertThat(c.read().json().path("event_type").asText()).isEqualTo("connected");
          assertThat(c.next().opcode()).as("the frame after connected, on an idle connection").isEqualTo(9);
        }
        a.close();
        for (int i = 0; i < 3; i++) {
          assertThat(b.next().opcode()).as("pings go on for the connection left").isEqualTo(9);
        }
      }
    });
  }

  @Test
  void shouldJoinFragmentedCommandsAndCloseOnAnOversizedOrInvalidMessage() {
    JavalinTest.test(app(10), (server, http) -> {
      try (RawWsClient c = new RawWsClient(server.port())) {
        assertThat(c.read().json().path("event_type").asText()).isEqualTo("connected");
        c.sendFrame(1, false, "{\"command\":\"ping\",".getBytes(StandardCharsets.UTF_8));
        c.sendFrame(9, true, "mid".getBytes(StandardCharsets.UTF_8)); // a ping between the fragments
        c.sendFrame(0, true, "\"id\":\"f\"}".getBytes(StandardCharsets.UTF_8));
        RawWsClient.Frame pong = c.next();
        assertThat(pong.opcode()).isEqualTo(10);
        assertThat(pong.text()).isEqualTo("mid");
        JsonNode answer = c.read().json();
        assertThat(answer.path("status").asText()).isEqualTo("pong");
        assertThat(answer.path("id").asText()).isEqualTo("f");
        c.sendFrame(2, true, new byte[] {1, 2, 3});
        assertThat(c.read().json().path("error_type").asText()).isEqualTo("invalid_json");
        // two frames of 40 KiB each: the message is over the 64 KiB limit although neither frame is
        byte[] part = "x".repeat(40 * 1024).getBytes(StandardCharsets.UTF_8);
        c.sendFrame(1, false, part);
        c.sendFrame(0, true, part);
        assertThat(c.read().closeCode()).isEqualTo(1009);
      }
      try (RawWsClient c = new RawWsClient(server.port())) {
        assertThat(c.read().json().path("event_type").asText()).isEqualTo("connected");
        c.sendFrame(1, true, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        assertThat(c.read().closeCode()).isEqualTo(1007);
      }
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(metrics.clients().json().path("websocket").asInt()).isZero());
    });
  }
}
