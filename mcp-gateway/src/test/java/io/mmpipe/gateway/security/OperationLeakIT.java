package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.ws.WsClient;
import io.mmpipe.schemas.Topics;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operations rows of the leak matrix: an export holds a channel's posts, so its state, result and cancellation
 * belong to whoever started it (and to principals that see every channel). Two gateway instances on one real
 * redis-server and the simulator's alice and bob: alice exports a channel bob is not in on instance A; on A and B,
 * over MCP tools, MCP resources, HTTP and the WebSocket, bob is told the operation does not exist (the same words
 * as for an id nobody used) and cannot cancel it; alice and an API token with every channel see it; a token scoped
 * to other channels may not start an export of it.
 */
class OperationLeakIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NOBODYS = "nobodysOperationId0000";
  private static final Map<String, String> FULL = LeakMatrixIT.bearer("full-api-token-2");
  private static final Map<String, String> SCOPED = LeakMatrixIT.bearer("scoped-api-token-1");

  static MattermostSim sim;
  static DemoUser alice;
  static DemoUser bob;
  /** A channel alice is in and bob is not, with a few posts. */
  static String alicesChannel;
  static String townSquare;

  @BeforeAll
  static void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    alice = sim.world().demoUsers().get(0);
    bob = sim.world().demoUsers().get(1);
    alicesChannel = alice.channelIds().stream().filter(id -> !bob.channelIds().contains(id)).findFirst()
        .orElseThrow();
    townSquare = sim.world().channelIdByName("town-square");
    for (int i = 0; i < 5; i++) {
      sim.world().createPost(alice.userId(), alicesChannel, "private " + i);
    }
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private GatewayMain gateway(Topics topics) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url(), "MATTERMOST_URL", sim.baseUrl().toString(),
        "MATTERMOST_TOKEN", sim.botToken(), "GATEWAY_API_TOKENS",
        "scoped[" + townSquare + "]=scoped-api-token-1,full=full-api-token-2"));
  }

  private static JsonNode tool(GatewayMain gw, Map<String, String> auth, String name, ObjectNode arguments)
      throws Exception {
    ObjectNode params = LeakProbes.JSON.createObjectNode().put("name", name);
    params.set("arguments", arguments);
    return new LeakProbes(gw.port(), auth).modern("tools/call", name, params).path("result");
  }

  private static JsonNode opTool(GatewayMain gw, Map<String, String> auth, String name, String id) throws Exception {
    return tool(gw, auth, name, LeakProbes.JSON.createObjectNode().put("operation_id", id));
  }

  private static JsonNode readResource(GatewayMain gw, Map<String, String> auth, String uri) throws Exception {
    return new LeakProbes(gw.port(), auth).modern("resources/read", uri,
        LeakProbes.JSON.createObjectNode().put("uri", uri));
  }

  private static JsonNode listResources(GatewayMain gw, Map<String, String> auth) throws Exception {
    return new LeakProbes(gw.port(), auth).modern("resources/list", "list", LeakProbes.JSON.createObjectNode());
  }

  private static HttpResponse<String> get(GatewayMain gw, Map<String, String> auth, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path));
    auth.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String text(JsonNode toolResult) {
    return toolResult.path("content").path(0).path("text").asText();
  }

  /** What bob is told about {@code id}, with the id itself blanked, so two ids' answers can be compared. */
  private static String blanked(String answer, String id) {
    return answer.replace(id, "<id>");
  }

  @Test
  void shouldShowAnOperationOnlyToItsOwnerAndToPrincipalsThatSeeEveryChannelOnEverySurfaceOfBothInstances()
      throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    Map<String, String> asAlice = LeakMatrixIT.bearer(alice.token());
    Map<String, String> asBob = LeakMatrixIT.bearer(bob.token());

    JsonNode started = tool(a, asAlice, "export_channel_history",
        LeakProbes.JSON.createObjectNode().put("channel_id", alicesChannel));
    assertThat(started.path("isError").asBoolean()).as(started.toString()).isFalse();
    String id = started.path("structuredContent").path("operation_id").asText();
    assertThat(started.path("structuredContent").path("owner").path("kind").asText()).isEqualTo("mattermost_user");
    assertThat(started.path("structuredContent").path("channel_id").asText()).isEqualTo(alicesChannel);
    await().atMost(Duration.ofSeconds(120)).until(() -> "completed".equals(opTool(b, asAlice, "get_operation", id)
        .path("structuredContent").path("status").asText()));
    String uri = "mmpipe://operations/" + id + "/result";

    for (GatewayMain gw : new GatewayMain[] {a, b}) {
      // bob: told exactly what he is told for an id nobody used, on every surface
      JsonNode got = opTool(gw, asBob, "get_operation", id);
      assertThat(got.path("isError").asBoolean()).as(got.toString()).isTrue();
      assertThat(blanked(text(got), id))
          .isEqualTo(blanked(text(opTool(gw, asBob, "get_operation", NOBODYS)), NOBODYS));
      JsonNode cancel = opTool(gw, asBob, "cancel_operation", id);
      assertThat(blanked(text(cancel), id))
          .isEqualTo(blanked(text(opTool(gw, asBob, "cancel_operation", NOBODYS)), NOBODYS));
      JsonNode read = readResource(gw, asBob, uri);
      assertThat(read.path("error").path("message").asText()).as(read.toString()).contains("not found");
      assertThat(read.path("result").isMissingNode()).isTrue();
      assertThat(listResources(gw, asBob).toString()).doesNotContain(id);
      HttpResponse<String> one = get(gw, asBob, "/v1/operations/" + id);
      assertThat(one.statusCode()).isEqualTo(404);
      assertThat(blanked(one.body(), id))
          .isEqualTo(blanked(get(gw, asBob, "/v1/operations/" + NOBODYS).body(), NOBODYS));
      HttpResponse<String> list = get(gw, asBob, "/v1/operations");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).doesNotContain(id);
      try (WsClient ws = WsClient.connect(gw.port(), asBob)) {
        for (String command : new String[] {"get_operation", "subscribe", "cancel_operation"}) {
          JsonNode answer = ws.call(WsClient.command(command, "c-" + command).put("operation_id", id));
          assertThat(answer.path("error_type").asText()).as(command + " " + answer).isEqualTo("unknown_operation");
        }
      }
      // a token scoped to other channels is not the owner either
      assertThat(get(gw, SCOPED, "/v1/operations/" + id).statusCode()).isEqualTo(404);
      assertThat(opTool(gw, SCOPED, "get_operation", id).path("isError").asBoolean()).isTrue();

      // alice, and a token that sees every channel: the state, the list, the result, the watch
      for (Map<String, String> who : java.util.List.of(asAlice, FULL)) {
        assertThat(opTool(gw, who, "get_operation", id).path("structuredContent").path("status").asText())
            .isEqualTo("completed");
        HttpResponse<String> mine = get(gw, who, "/v1/operations/" + id);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(get(gw, who, "/v1/operations").body()).contains(id);
        JsonNode result = readResource(gw, who, uri);
        assertThat(result.path("result").path("contents").path(0).path("text").asText()).contains("private 4");
        assertThat(listResources(gw, who).toString()).contains(uri);
        try (WsClient ws = WsClient.connect(gw.port(), who)) {
          JsonNode sub = ws.call(WsClient.command("subscribe", "w").put("operation_id", id));
          assertThat(sub.path("status").asText()).as(sub.toString()).isEqualTo("subscribed");
        }
      }
    }
    assertThat(opTool(a, asAlice, "get_operation", id).path("structuredContent").path("status").asText())
        .as("bob's cancellations changed nothing").isEqualTo("completed");
  }

  @Test
  void shouldRefuseAScopedTokenAnExportOutsideItsScopeAndStartNoOperation() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    JsonNode refused = tool(a, SCOPED, "export_channel_history",
        LeakProbes.JSON.createObjectNode().put("channel_id", alicesChannel));
    assertThat(refused.path("isError").asBoolean()).as(refused.toString()).isTrue();
    assertThat(text(refused)).isEqualTo("export_channel_history: channel " + alicesChannel
        + " is outside the channels scoped may read");
    assertThat(a.operations().recent(10)).as("no operation was started").isEmpty();

    JsonNode inScope = tool(a, SCOPED, "export_channel_history",
        LeakProbes.JSON.createObjectNode().put("channel_id", townSquare));
    assertThat(inScope.path("isError").asBoolean()).as(inScope.toString()).isFalse();
    String id = inScope.path("structuredContent").path("operation_id").asText();
    assertThat(get(a, SCOPED, "/v1/operations/" + id).statusCode()).as("its own").isEqualTo(200);
  }

  @Test
  void shouldAskForAuthenticationOnTheOperationsAndStatsEndpoints() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    for (String path : new String[] {"/v1/operations", "/v1/operations/" + NOBODYS, "/v1/stats"}) {
      HttpResponse<String> r = get(a, Map.of(), path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).contains(BearerAuth.CHALLENGE);
      assertThat(get(a, LeakMatrixIT.bearer("not-a-token"), path).statusCode()).as(path).isEqualTo(401);
      assertThat(get(a, FULL, path).statusCode()).as(path).isIn(200, 404);
    }
    assertThat(get(a, FULL, "/v1/stats").statusCode()).isEqualTo(200);
  }
}
