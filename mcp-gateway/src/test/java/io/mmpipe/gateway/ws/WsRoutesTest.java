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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
    ring.init(new long[1]);
    UpdateStreams streams = new UpdateStreams(ring, "u.mm.updates", 50, new CatchUpPool(noCatchUp, 1), live::get);
    WsSettings d = WsSettings.defaults();
    WsSettings settings = new WsSettings(d.maxFrameBytes(), maxConnections, d.maxSubscriptions(), d.burst(),
        d.perSecond(), d.floodLimit(), d.sendTimeout(), d.pingInterval());
    GatewayFeature captureContext = new GatewayFeature() {
      @Override
      public void server(JettyConfig jetty) {
        jetty.modifyServletContextHandler(context::set);
      }

      @Override
      public void routes(RoutesConfig routes) {}
    };
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(captureContext, new WsRoutes(streams,
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
}
