package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leak matrix: five principals (alice and bob with their own Mattermost tokens and different memberships, an API
 * token scoped to two channels, an unscoped one, anonymous on loopback) × four channels (public, private, DM, group)
 * × every endpoint. A real broker, a real redis-server and the simulator (who is who, who is in which channel, the
 * tools' reads); updates are published to mm.updates as the stream processor writes them. Every delivery is checked
 * against the principal's scope (from the simulator's memberships): zero leaks, and every in-scope cell non-empty so
 * the check cannot pass by delivering nothing.
 */
class LeakMatrixIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  static final List<String> ENDPOINTS = List.of("SSE", "WebSocket", "MCP resources/read", "MCP subscription",
      "MCP subscriptions/listen", "MCP tool get_channel_posts", "MCP read mattermost://posts/{id}", "MCP prompt summarize_channel",
      "wait_for_updates", "SSE resume (other's token)", "WS resume (other's token)");
  /** Endpoints answered from Mattermost (with the caller's token or the gateway's), not from the stream. */
  static final Set<String> MATTERMOST_READS = Set.of("MCP tool get_channel_posts",
      "MCP read mattermost://posts/{id}", "MCP prompt summarize_channel");
  static final int PER_CHANNEL = 3;

  static MattermostSim sim;
  /** label → channel id: public, private, DM, group. */
  static final Map<String, String> CHANNELS = new LinkedHashMap<>();
  /** label → the id of the post seeded in that channel. */
  static final Map<String, String> POSTS = new LinkedHashMap<>();
  static DemoUser alice;
  static DemoUser bob;

  record Who(String name, Map<String, String> auth, Set<String> scope, Set<String> mattermostReadable) {}

  @BeforeAll
  static void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    List<DemoUser> demo = sim.world().demoUsers();
    alice = demo.get(0);
    bob = demo.get(1);
    CHANNELS.put("public", sim.world().channelIdByName("town-square"));
    CHANNELS.put("private", sim.world().channelIdByName("leadership"));
    CHANNELS.put("DM", only(alice, bob, "direct", true));
    CHANNELS.put("group", only(bob, alice, "group", false));
    assertThat(CHANNELS.values()).doesNotContainNull().doesNotHaveDuplicates();
    // one post in each, by a member, for the tools to read
    CHANNELS.forEach((label, id) -> POSTS.put(label, sim.world().createPost(label.equals("group") ? bob.userId()
        : alice.userId(), id, "hello " + label).id()));
  }

  /** The channel of {@code kind} in {@code a}'s list that {@code b} is (or is not) in. */
  private static String only(DemoUser a, DemoUser b, String kind, boolean shared) {
    for (int i = 0; i < a.channelIds().size(); i++) {
      String id = a.channelIds().get(i);
      if (a.channelLabels().get(i).contains(kind) && b.channelIds().contains(id) == shared) {
        return id;
      }
    }
    return null;
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private GatewayMain gateway(Topics topics, String ttl) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url(), "MATTERMOST_URL", sim.baseUrl().toString(),
        "MATTERMOST_TOKEN", sim.botToken(), "GATEWAY_ANONYMOUS", "true", "GATEWAY_PRINCIPAL_TTL", ttl,
        "GATEWAY_API_TOKENS", "scoped[" + CHANNELS.get("public") + "|" + CHANNELS.get("group")
            + "]=scoped-api-token-1,full=full-api-token-2"));
  }

  private static Set<String> ofLabels(Set<String> ids) {
    Set<String> out = new HashSet<>();
    CHANNELS.forEach((label, id) -> {
      if (ids.contains(id)) {
        out.add(label);
      }
    });
    return out;
  }

  private static List<Who> principals() {
    Set<String> all = CHANNELS.keySet();
    Set<String> bot = ofLabels(Set.copyOf(sim.world().botChannelIds()));
    return List.of(
        new Who("alice", bearer(alice.token()), ofLabels(Set.copyOf(alice.channelIds())),
            ofLabels(Set.copyOf(alice.channelIds()))),
        new Who("bob", bearer(bob.token()), ofLabels(Set.copyOf(bob.channelIds())),
            ofLabels(Set.copyOf(bob.channelIds()))),
        new Who("api scoped", bearer("scoped-api-token-1"), Set.of("public", "group"), bot),
        new Who("api full", bearer("full-api-token-2"), all, bot),
        new Who("anonymous", Map.of(), all, bot));
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static ResourceUpdate sentinel(String id) {
    return ResourceUpdate.newBuilder().setEventId(id).setResourceUri("mattermost://user_status")
        .setUpdateType("status_changed").setDataJson("{}").setTimestamp(1).setUserId("u1").build();
  }

  static Predicate<JsonNode> is(String eventId) {
    return u -> eventId.equals(u.path("event_id").asText());
  }

  /** Per channel label, how many of the published posts are among {@code updates}. */
  static Map<String, Integer> count(List<JsonNode> updates) {
    Map<String, Integer> out = new LinkedHashMap<>();
    CHANNELS.keySet().forEach(l -> out.put(l, 0));
    for (JsonNode u : updates) {
      CHANNELS.forEach((label, id) -> {
        if (id.equals(channelOf(u)) && u.path("event_id").asText().startsWith("post_leak-")) {
          out.merge(label, 1, Integer::sum);
        }
      });
    }
    return out;
  }

  /** The posts published in the matrix: {@link #PER_CHANNEL} per channel, then a sentinel every principal sees. */
  private void publish(Topics topics, String prefix, Map<String, String> channels, String sentinel) {
    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    for (int i = 0; i < PER_CHANNEL; i++) {
      for (Map.Entry<String, String> c : channels.entrySet()) {
        GatewayHarness.send(p, topics, TestUpdates.post(c.getValue(), prefix + c.getKey() + "-" + i, "m"));
      }
    }
    GatewayHarness.publish(p, topics, sentinel(sentinel));
  }

  private static SseClient ready(SseClient c, List<String> token) throws Exception {
    SseClient.Event e = c.next(Duration.ofSeconds(30));
    if (e == null || !"ready".equals(e.event())) {
      throw new AssertionError("expected ready, got " + e + " (status " + c.status() + ")");
    }
    token.add(e.id());
    return c;
  }

  @Test
  void shouldDeliverToEachPrincipalOnlyTheChannelsItMayReadOnEveryEndpoint() throws Exception {
    Topics topics = KAFKA.newTopics(1); // one partition: the sentinel comes after every post
    GatewayMain gw = gateway(topics, "60s");
    List<Who> who = principals();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      try (SseClient probe = new LeakProbes(gw.port(), Map.of()).sse(null)) {
        return probe.status() == 200;
      }
    });
    Map<String, SseClient> sse = new LinkedHashMap<>();
    Map<String, WsClient> ws = new LinkedHashMap<>();
    Map<String, SseClient> subs = new LinkedHashMap<>();
    Map<String, SseClient> listens = new LinkedHashMap<>();
    List<String> fullTokens = new ArrayList<>();
    List<String> uris = CHANNELS.values().stream().map(id -> "mattermost://channels/" + id + "/posts").toList();
    for (Who w : who) {
      LeakProbes probes = new LeakProbes(gw.port(), w.auth());
      List<String> tokens = w.name().equals("api full") ? fullTokens : new ArrayList<>();
      sse.put(w.name(), ready(harness.track(probes.sse(null)), tokens));
      ws.put(w.name(), harness.track(probes.ws()));
      subs.put(w.name(), harness.track(probes.subscribed(uris)));
      listens.put(w.name(), harness.track(probes.listen("listen-" + w.name(), uris)));
    }
    String othersToken = fullTokens.getFirst(); // issued to "api full" before anything was published
    publish(topics, "leak-", CHANNELS, "sentinel-1");

    Map<String, Map<String, Map<String, Integer>>> matrix = new LinkedHashMap<>();
    for (Who w : who) {
      LeakProbes probes = new LeakProbes(gw.port(), w.auth());
      Map<String, Map<String, Integer>> row = new LinkedHashMap<>();
      row.put("SSE", count(LeakProbes.sseUntil(sse.get(w.name()), is("sentinel-1"))));
      row.put("WebSocket", count(LeakProbes.wsUntil(ws.get(w.name()), is("sentinel-1"))));
      row.put("MCP resources/read", resources(probes));
      row.put("MCP subscription", notifications(subs.get(w.name()), w.scope()));
      row.put("MCP subscriptions/listen", perChannel(LeakProbes.listenUntilStatus(listens.get(w.name()),
          "listen-" + w.name())));
      row.put("MCP tool get_channel_posts", tools(probes, w));
      row.put("MCP read mattermost://posts/{id}", postReads(probes));
      row.put("MCP prompt summarize_channel", prompts(probes));
      row.put("wait_for_updates", waited(probes, othersToken));
      try (SseClient resumed = probes.sse(othersToken)) {
        row.put("SSE resume (other's token)", count(LeakProbes.sseUntil(resumed, is("sentinel-1"))));
      }
      row.put("WS resume (other's token)", wsResumed(gw, w, othersToken));
      matrix.put(w.name(), row);
    }
    String printed = LeakMatrix.render(matrix, CHANNELS.keySet(), who.stream()
        .collect(java.util.stream.Collectors.toMap(Who::name, Who::scope)));
    System.out.println(printed);

    for (Who w : who) {
      for (String endpoint : ENDPOINTS) {
        Map<String, Integer> cell = matrix.get(w.name()).get(endpoint);
        for (String channel : CHANNELS.keySet()) {
          int n = cell.get(channel);
          String where = w.name() + " / " + endpoint + " / " + channel;
          if (MATTERMOST_READS.contains(endpoint)) { // -1: refused
            boolean may = w.scope().contains(channel) && w.mattermostReadable().contains(channel);
            assertThat(n).as((may ? "" : "LEAK: ") + where).matches(v -> may ? v >= 1 : v == -1);
          } else if (!w.scope().contains(channel)) {
            assertThat(n).as("LEAK: " + where).isZero();
          } else if (endpoint.equals("MCP subscription")) {
            assertThat(n).as(where).isPositive();
          } else {
            assertThat(n).as(where).isEqualTo(PER_CHANNEL);
          }
        }
      }
    }
  }

  private static Map<String, Integer> resources(LeakProbes probes) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : CHANNELS.entrySet()) {
      String uri = "mattermost://channels/" + c.getValue() + "/posts";
      ObjectNode params = LeakProbes.JSON.createObjectNode().put("uri", uri);
      JsonNode answer = probes.modern("resources/read", uri, params);
      if (!answer.has("result")) {
        out.put(c.getKey(), 0); // refused: resource not found
        continue;
      }
      JsonNode body = LeakProbes.JSON.readTree(answer.path("result").path("contents").get(0).path("text").asText());
      List<JsonNode> updates = new ArrayList<>();
      body.path("updates").forEach(updates::add);
      out.put(c.getKey(), count(updates).get(c.getKey()) + leakedElsewhere(updates, c.getValue()));
    }
    return out;
  }

  /** Updates of another channel in a channel's read would be a leak too: counted as 100 each, so it shows. */
  private static int leakedElsewhere(List<JsonNode> updates, String channelId) {
    return (int) updates.stream().filter(u -> !channelId.equals(channelOf(u))).count() * 100;
  }

  /** The channel of an update as subscribers see it ({@code data.channel_id}). */
  static String channelOf(JsonNode update) {
    return update.path("data").path("channel_id").asText(update.path("channel_id").asText());
  }

  /** Notifications per channel: read until every channel in scope was notified, then 3 s more for strays. */
  private static Map<String, Integer> notifications(SseClient stream, Set<String> scope) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    CHANNELS.keySet().forEach(l -> out.put(l, 0));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long quietUntil = Long.MAX_VALUE;
    while (System.nanoTime() < Math.min(deadline, quietUntil)) {
      SseClient.Event e = stream.next(Duration.ofMillis(500));
      if (e != null && e.data().contains("notifications/resources/updated")) {
        String uri = LeakProbes.JSON.readTree(e.data()).path("params").path("uri").asText();
        CHANNELS.forEach((label, id) -> {
          if (uri.contains(id)) {
            out.merge(label, 1, Integer::sum);
          }
        });
      }
      if (quietUntil == Long.MAX_VALUE && scope.stream().allMatch(l -> out.get(l) > 0)) {
        quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      }
    }
    return out;
  }

  /** Notified uris per channel label (a uri of no matrix channel counts as 100 everywhere, so it shows). */
  static Map<String, Integer> perChannel(List<String> notifiedUris) {
    Map<String, Integer> out = new LinkedHashMap<>();
    CHANNELS.keySet().forEach(l -> out.put(l, 0));
    for (String uri : notifiedUris) {
      boolean known = false;
      for (Map.Entry<String, String> c : CHANNELS.entrySet()) {
        if (uri.equals("mattermost://channels/" + c.getValue() + "/posts")) {
          out.merge(c.getKey(), 1, Integer::sum);
          known = true;
        }
      }
      if (!known) {
        out.replaceAll((l, n) -> n + 100);
      }
    }
    return out;
  }

  /** Posts the tool returned per channel; -1 when the call was refused (an error result). */
  private static Map<String, Integer> tools(LeakProbes probes, Who w) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : CHANNELS.entrySet()) {
      ObjectNode params = LeakProbes.JSON.createObjectNode().put("name", "get_channel_posts");
      params.putObject("arguments").put("channel_id", c.getValue());
      JsonNode result = probes.modern("tools/call", "get_channel_posts", params).path("result");
      if (result.path("isError").asBoolean(false) || result.isMissingNode()) {
        out.put(c.getKey(), -1);
      } else {
        JsonNode posts = result.path("structuredContent").path("posts");
        out.put(c.getKey(), posts.isArray() ? posts.size() : posts.path("posts").size());
      }
    }
    return out;
  }

  /** 1 when the seeded post of the channel was answered, -1 when refused. */
  private static Map<String, Integer> postReads(LeakProbes probes) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : POSTS.entrySet()) {
      String uri = "mattermost://posts/" + c.getValue();
      JsonNode answer = probes.modern("resources/read", uri, LeakProbes.JSON.createObjectNode().put("uri", uri));
      out.put(c.getKey(), answer.has("result") && answer.toString().contains(c.getValue()) ? 1 : -1);
    }
    return out;
  }

  /** 1 when the prompt answered with the channel's seeded post, -1 when refused. */
  private static Map<String, Integer> prompts(LeakProbes probes) throws Exception {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : CHANNELS.entrySet()) {
      ObjectNode params = LeakProbes.JSON.createObjectNode().put("name", "summarize_channel");
      params.putObject("arguments").put("channel_id", c.getValue());
      JsonNode answer = probes.modern("prompts/get", "summarize_channel", params);
      out.put(c.getKey(), answer.has("result") && answer.toString().contains("hello " + c.getKey()) ? 1 : -1);
    }
    return out;
  }

  private static Map<String, Integer> waited(LeakProbes probes, String token) throws Exception {
    List<JsonNode> got = new ArrayList<>();
    String next = token;
    for (int i = 0; i < 20 && got.stream().noneMatch(is("sentinel-1")); i++) {
      ObjectNode params = LeakProbes.JSON.createObjectNode().put("name", "wait_for_updates");
      params.putObject("arguments").put("resume_token", next).put("timeout_seconds", 5);
      JsonNode result = probes.modern("tools/call", "wait_for_updates", params).path("result")
          .path("structuredContent");
      result.path("updates").forEach(u -> got.add(u.has("update") ? u.get("update") : u));
      next = result.path("resume_token").asText(next);
    }
    return count(got);
  }

  private Map<String, Integer> wsResumed(GatewayMain gw, Who w, String token) throws Exception {
    try (WsClient c = WsClient.connect(gw.port(), w.auth())) {
      c.send("{\"command\":\"subscribe\",\"id\":\"r\",\"resume_from\":\"" + token + "\"}");
      return count(LeakProbes.wsUntil(c, is("sentinel-1")));
    }
  }
}
