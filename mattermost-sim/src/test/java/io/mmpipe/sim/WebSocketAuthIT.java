package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three ways a socket authenticates, and what happens when it does not. */
class WebSocketAuthIT {

  static MattermostSim sim;

  @BeforeAll
  static void start() {
    sim = MattermostSim.start(SimConfig.defaults().withInvalidTokenCloseDelay(Duration.ofMillis(500)));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static void assertHello(JsonNode hello, String userId) {
    assertThat(hello.path("event").asText()).isEqualTo("hello");
    assertThat(hello.path("seq").asLong()).isZero();
    assertThat(hello.path("data").path("connection_id").asText()).hasSize(26);
    assertThat(hello.path("data").path("server_version").asText()).endsWith(".false");
    assertThat(hello.path("broadcast").path("user_id").asText()).isEqualTo(userId);
  }

  @Test
  void shouldSendHelloWithSeqZeroWhenBearerHeaderIsValid() throws Exception {
    try (WsClient c = WsClient.bearer(sim, sim.botToken())) {
      assertHello(c.next(), sim.botUserId());
    }
  }

  @Test
  void shouldAcceptTheEndpointWithATrailingSlash() throws Exception {
    try (WsClient c = WsClient.atPath(sim, "/api/v4/websocket/")) {
      assertHello(c.next(), sim.botUserId());
    }
  }

  @Test
  void shouldSendHelloWhenTokenSchemeHeaderIsValid() throws Exception {
    try (WsClient c = WsClient.connect(sim, "", Map.of("Authorization", "Token " + sim.botToken()))) {
      assertHello(c.next(), sim.botUserId());
    }
  }

  @Test
  void shouldSendHelloWhenCookieTokenIsValid() throws Exception {
    String alice = sim.world().userIds().get(0);
    try (WsClient c = WsClient.connect(sim, "", Map.of("Cookie", "MMAUTHTOKEN=" + sim.world().tokenOf(alice)))) {
      assertHello(c.next(), alice);
    }
  }

  @Test
  void shouldUpgradeThenSayNothingAndCloseWhenHeaderTokenIsInvalid() throws Exception {
    try (WsClient c = WsClient.connect(sim, "", Map.of("Authorization", "Bearer notavalidtokenatall00000000"))) {
      c.closed.get(30, TimeUnit.SECONDS);
      assertThat(c.frames).isEmpty();
    }
  }

  @Test
  void shouldRefuseARevokedTokenOnRestAndTheSocketButKeepTheOthers() throws Exception {
    String carol = sim.world().userIds().get(2);
    String extra = "revokable-token-0001";
    sim.world().addAccessToken(carol, extra);
    try (WsClient c = WsClient.bearer(sim, extra)) {
      assertHello(c.next(), carol);
    }
    sim.world().revokeAccessToken(extra);
    assertThat(new SimRestClient(sim, extra).get("/api/v4/users/me").statusCode()).isEqualTo(401);
    try (WsClient c = WsClient.bearer(sim, extra)) {
      c.closed.get(30, TimeUnit.SECONDS);
      assertThat(c.frames).isEmpty();
    }
    try (WsClient c = WsClient.bearer(sim, sim.world().tokenOf(carol))) {
      assertHello(c.next(), carol);
    }
    assertThatThrownBy(() -> sim.world().revokeAccessToken(extra)).hasMessageContaining("no such token");
  }

  @Test
  void shouldSendHelloBeforeOkWhenChallengeSucceeds() throws Exception {
    try (WsClient c = WsClient.connect(sim, "", Map.of())) {
      c.send("{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"" + sim.botToken() + "\"}}");
      assertHello(c.next(), sim.botUserId());
      JsonNode ok = c.next();
      assertThat(ok.path("status").asText()).isEqualTo("OK");
      assertThat(ok.path("seq_reply").asLong()).isEqualTo(1);
      // a second challenge on an authenticated socket gets no reply; the ping after it does
      c.send("{\"seq\":2,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"" + sim.botToken() + "\"}}");
      c.send("{\"seq\":3,\"action\":\"ping\"}");
      assertThat(c.next().path("seq_reply").asLong()).isEqualTo(3);
    }
  }

  @Test
  void shouldCloseWhenChallengeTokenIsInvalid() throws Exception {
    try (WsClient c = WsClient.connect(sim, "", Map.of())) {
      c.send("{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"wrong\"}}");
      c.closed.get(30, TimeUnit.SECONDS);
      assertThat(c.frames).isEmpty();
    }
  }

  @Test
  void shouldFailOtherActionsWith401BeforeAuthentication() throws Exception {
    try (WsClient c = WsClient.connect(sim, "", Map.of())) {
      c.send("{\"seq\":7,\"action\":\"ping\"}");
      JsonNode fail = c.next();
      assertThat(fail.path("status").asText()).isEqualTo("FAIL");
      assertThat(fail.path("seq_reply").asLong()).isEqualTo(7);
      assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.not_authenticated.app_error");
      assertThat(fail.path("error").path("status_code").asInt()).isEqualTo(401);
    }
  }

  @Test
  void shouldRejectTokenInUrlWith401() {
    assertThatThrownBy(() -> WsClient.connect(sim, "access_token=" + sim.botToken(), Map.of()))
        .hasStackTraceContaining("401");
  }

  private static JsonNode appError(RawHttp r, int status) throws Exception {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(r.headers()).containsKeys("x-request-id", "x-version-id");
    JsonNode body = WsClient.JSON.readTree(r.body());
    assertThat(body.path("status_code").asInt()).isEqualTo(status);
    assertThat(body.path("request_id").asText()).isEqualTo(r.headers().get("x-request-id"));
    assertThat(body.has("message")).isTrue();
    assertThat(body.has("detailed_error")).isTrue();
    return body;
  }

  @Test
  void shouldAnswerAppErrorJsonWith401WhenAValidTokenIsInTheUrl() throws Exception {
    RawHttp r = RawHttp.exchange(sim.port(), "GET", "/api/v4/websocket?access_token=" + sim.botToken(),
        RawHttp.upgradeHeaders());
    assertThat(appError(r, 401).path("id").asText()).isEqualTo("api.context.token_provided.app_error");
    assertThat(r.body()).doesNotContain("<html", sim.botToken());
  }

  @Test
  void shouldAnswerAppErrorJsonWith401WhenAnUnknownTokenIsInTheUrl() throws Exception {
    RawHttp r = RawHttp.exchange(sim.port(), "GET", "/api/v4/websocket/?access_token=nosuchtoken0000000000000000",
        RawHttp.upgradeHeaders());
    assertThat(appError(r, 401).path("id").asText()).isEqualTo("api.context.session_expired.app_error");
  }

  @Test
  void shouldAnswerAppErrorJsonWhenTheRequestIsNotAnUpgrade() throws Exception {
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + sim.botToken());
    RawHttp plainGet = RawHttp.exchange(sim.port(), "GET", "/api/v4/websocket", bearer);
    assertThat(appError(plainGet, 400).path("id").asText()).isEqualTo("api.web_socket.connect.upgrade.app_error");
    Map<String, String> badVersion = new java.util.HashMap<>(RawHttp.upgradeHeaders());
    badVersion.put("Sec-WebSocket-Version", "7");
    badVersion.putAll(bearer);
    RawHttp refused = RawHttp.exchange(sim.port(), "GET", "/api/v4/websocket", badVersion);
    assertThat(appError(refused, 400).path("id").asText()).isEqualTo("api.web_socket.connect.upgrade.app_error");
    RawHttp post = RawHttp.exchange(sim.port(), "POST", "/api/v4/websocket", bearer);
    assertThat(appError(post, 405).path("id").asText()).isEqualTo("api.context.405.app_error");
  }

  @Test
  void shouldAnswerPingAndRejectMalformedActions() throws Exception {
    try (WsClient c = WsClient.bearer(sim, sim.botToken())) {
      c.next();
      c.send("{\"seq\":1,\"action\":\"ping\"}");
      JsonNode pong = c.next();
      assertThat(pong.path("status").asText()).isEqualTo("OK");
      assertThat(pong.path("data").path("text").asText()).isEqualTo("pong");
      assertThat(pong.path("data").path("server_time").asLong()).isPositive();
      c.send("{\"seq\":2,\"action\":\"\"}");
      assertThat(c.next().path("error").path("id").asText()).isEqualTo("api.web_socket_router.no_action.app_error");
      c.send("{\"seq\":0,\"action\":\"ping\"}");
      JsonNode badSeq = c.next();
      assertThat(badSeq.path("error").path("id").asText()).isEqualTo("api.web_socket_router.bad_seq.app_error");
      assertThat(badSeq.path("error").path("status_code").asInt()).isEqualTo(400);
      c.send("{\"seq\":3,\"action\":\"fly_to_the_moon\"}");
      JsonNode bad = c.next();
      assertThat(bad.path("error").path("id").asText()).isEqualTo("api.web_socket_router.bad_action.app_error");
      assertThat(bad.path("error").path("status_code").asInt()).isEqualTo(500);
      c.send("{\"seq\":4,\"action\":\"get_statuses\"}");
      JsonNode statuses = c.next();
      assertThat(statuses.path("data").path(sim.botUserId()).asText()).isEqualTo("online");
    }
  }

  @Test
  void shouldCloseConnectionWhenClientFrameExceeds8KiB() throws Exception {
    try (WsClient c = WsClient.bearer(sim, sim.botToken())) {
      c.next();
      c.send("{\"seq\":1,\"action\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(9000) + "\"}}");
      await().atMost(Duration.ofSeconds(30)).until(c::isClosed);
    }
  }
}
