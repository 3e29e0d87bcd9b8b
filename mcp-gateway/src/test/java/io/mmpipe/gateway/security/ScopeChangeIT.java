package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.gateway.ws.WsClient;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.DemoUser;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A Mattermost user's scope changes while their streams are open (membership updates on mm.updates), and a revoked
 * token stops working within the principal TTL; real broker, redis-server and the simulator.
 */
class ScopeChangeIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  static MattermostSim sim;
  static DemoUser alice;
  static String leadership;

  @BeforeAll
  static void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    alice = sim.world().demoUsers().get(0);
    leadership = sim.world().channelIdByName("leadership");
    assertThat(alice.channelIds()).contains(leadership);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private GatewayMain gateway(Topics topics, String ttl) {
    GatewayMain gw = harness.gateway(topics, Map.of("REDIS_URL", REDIS.url(), "MATTERMOST_URL",
        sim.baseUrl().toString(), "MATTERMOST_TOKEN", sim.botToken(), "GATEWAY_PRINCIPAL_TTL", ttl,
        "GATEWAY_API_TOKENS", "full=full-api-token"));
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      try (SseClient probe = new LeakProbes(gw.port(), LeakMatrixIT.bearer("full-api-token")).sse(null)) {
        return probe.status() == 200;
      }
    });
    return gw;
  }

  /** The update the stream processor writes for a user_added / user_removed event. */
  static ResourceUpdate membership(String change, String channel, String user, int n) {
    return ResourceUpdate.newBuilder().setEventId("member_" + channel + "_" + user + "_" + change + "_" + n)
        .setResourceUri("mattermost://channel_membership").setUpdateType("member_" + change)
        .setDataJson("{\"user_id\":\"" + user + "\",\"channel_id\":\"" + channel + "\",\"team_id\":\"t\"}")
        .setTimestamp(1).setChannelId(channel).setTeamId("t").setUserId(user).build();
  }

  private static long posts(List<JsonNode> updates, String prefix) {
    return updates.stream().filter(u -> u.path("event_id").asText().startsWith("post_" + prefix)).count();
  }

  @Test
  void shouldStopAndRestartAChannelOnOpenStreamsWhenTheUserIsRemovedAndAddedBack() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    GatewayMain gw = gateway(topics, "60s"); // the membership updates, not the TTL, must change the scope
    LeakProbes mine = new LeakProbes(gw.port(), LeakMatrixIT.bearer(alice.token()));
    SseClient sse = harness.track(mine.sse(null));
    assertThat(sse.next(Duration.ofSeconds(30)).event()).isEqualTo("ready");
    WsClient ws = harness.track(mine.ws());
    String leadershipUri = "mattermost://channels/" + leadership + "/posts";
    SseClient listen = harness.track(mine.listen("alice-listen", List.of(leadershipUri)));
    SseClient control = harness.track(new LeakProbes(gw.port(), LeakMatrixIT.bearer("full-api-token")).sse(null));
    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);

    GatewayHarness.send(p, topics, TestUpdates.post(leadership, "member-0", "m"));
    GatewayHarness.publish(p, topics, LeakMatrixIT.sentinel("s1"));
    assertThat(posts(LeakProbes.sseUntil(sse, LeakMatrixIT.is("s1")), "member-")).isEqualTo(1);
    assertThat(posts(LeakProbes.wsUntil(ws, LeakMatrixIT.is("s1")), "member-")).isEqualTo(1);
    assertThat(LeakProbes.listenUntilStatus(listen, "alice-listen")).containsExactly(leadershipUri);

    sim.world().removeMember(leadership, alice.userId());
    GatewayHarness.send(p, topics, membership("removed", leadership, alice.userId(), 1));
    for (int i = 0; i < 5; i++) {
      GatewayHarness.send(p, topics, TestUpdates.post(leadership, "removed-" + i, "m"));
    }
    GatewayHarness.publish(p, topics, LeakMatrixIT.sentinel("s2"));
    assertThat(posts(LeakProbes.sseUntil(sse, LeakMatrixIT.is("s2")), "removed-")).as("SSE after removal").isZero();
    assertThat(posts(LeakProbes.wsUntil(ws, LeakMatrixIT.is("s2")), "removed-")).as("WS after removal").isZero();
    assertThat(LeakProbes.listenUntilStatus(listen, "alice-listen")).as("listen after removal").isEmpty();
    assertThat(posts(LeakProbes.sseUntil(control, LeakMatrixIT.is("s2")), "removed-")).as("control").isEqualTo(5);
    String uri = "mattermost://channels/" + leadership + "/posts";
    assertThat(mine.modern("resources/read", uri, LeakProbes.JSON.createObjectNode().put("uri", uri)).has("error"))
        .isTrue();

    sim.world().addMember(leadership, alice.userId());
    GatewayHarness.send(p, topics, membership("added", leadership, alice.userId(), 2));
    GatewayHarness.send(p, topics, TestUpdates.post(leadership, "back-0", "m"));
    GatewayHarness.publish(p, topics, LeakMatrixIT.sentinel("s3"));
    assertThat(posts(LeakProbes.sseUntil(sse, LeakMatrixIT.is("s3")), "back-")).as("SSE after re-add").isEqualTo(1);
    assertThat(posts(LeakProbes.wsUntil(ws, LeakMatrixIT.is("s3")), "back-")).as("WS after re-add").isEqualTo(1);
    // the channel's resource changes with every update in it: her own member_added, then the post
    assertThat(LeakProbes.listenUntilStatus(listen, "alice-listen")).as("listen after re-add")
        .containsExactly(leadershipUri, leadershipUri);
  }

  @Test
  void shouldRefuseARevokedTokenWithinThePrincipalTtlAndNeverStoreTheToken() throws Exception {
    GatewayMain gw = gateway(KAFKA.newTopics(1), "2s");
    String token = sim.world().createAccessToken(alice.userId(), "revoke-it");
    URI events = URI.create("http://127.0.0.1:" + gw.port() + "/events");
    try (SseClient ok = SseClient.connect(events, LeakMatrixIT.bearer(token))) {
      assertThat(ok.status()).isEqualTo(200);
    }
    try (Jedis redis = new Jedis(URI.create(REDIS.url()))) {
      List<String> keys = List.copyOf(redis.keys("*principal:*"));
      assertThat(keys).anyMatch(k -> k.endsWith(MattermostUsers.sha256(token)));
      for (String k : redis.keys("*")) {
        assertThat(k).doesNotContain(token);
        if ("string".equals(redis.type(k))) {
          assertThat(redis.get(k)).doesNotContain(token);
        }
      }
    }
    sim.world().revokeAccessToken(token);
    long revokedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try (SseClient c = SseClient.connect(events, LeakMatrixIT.bearer(token))) {
        return c.status() == 401;
      }
    });
    System.out.printf("revoked token refused %d ms after the revoke (GATEWAY_PRINCIPAL_TTL=2s)%n",
        (System.nanoTime() - revokedAt) / 1_000_000);
    assertThat(new LeakProbes(gw.port(), Map.of()).post("{}", LeakMatrixIT.bearer("not-a-token")).statusCode())
        .as("a token Mattermost does not know").isEqualTo(401);
  }

  @Test
  void shouldLetOnlyTheOperatorsPrincipalsSendBroadcasts() throws Exception {
    GatewayMain gw = gateway(KAFKA.newTopics(1), "60s");
    String body = "{\"type\":\"info\",\"text\":\"hello\"}";
    HttpClient http = HttpClient.newHttpClient();
    for (Map.Entry<String, Integer> c : Map.of(alice.token(), 403, "full-api-token", 202).entrySet()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gw.port() + "/v1/broadcasts"))
          .header("Authorization", "Bearer " + c.getKey()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(c.getValue());
      assertThat(r.body()).doesNotContain(c.getKey());
    }
  }
}
