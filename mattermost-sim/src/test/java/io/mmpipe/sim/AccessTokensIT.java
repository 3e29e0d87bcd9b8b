package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Personal access tokens: create, list, revoke, with the permissions of Mattermost's default roles. */
class AccessTokensIT {

  MattermostSim sim;
  DemoUser alice;
  DemoUser bob;
  SimRestClient aliceRest;
  SimRestClient bobRest;

  @BeforeEach
  void start() {
    sim = MattermostSim.start(SimConfig.defaults().withBotIsAdmin(true));
    alice = sim.world().demoUsers().get(0);
    bob = sim.world().demoUsers().get(1);
    aliceRest = new SimRestClient(sim, alice.token());
    bobRest = new SimRestClient(sim, bob.token());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  JsonNode create(SimRestClient as, String userId, String description) throws Exception {
    HttpResponse<String> r = as.post("/api/v4/users/" + userId + "/tokens",
        "{\"description\":\"" + description + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return WsClient.JSON.readTree(r.body());
  }

  @Test
  void shouldShowTheTokenOnlyInTheCreateAnswerAndAcceptItAsBearer() throws Exception {
    JsonNode t = create(aliceRest, alice.userId(), "mcp client");
    assertThat(t.path("id").asText()).hasSize(26);
    assertThat(t.path("token").asText()).hasSize(26);
    assertThat(t.path("user_id").asText()).isEqualTo(alice.userId());
    assertThat(t.path("description").asText()).isEqualTo("mcp client");
    assertThat(t.path("is_active").asBoolean()).isTrue();
    JsonNode me = new SimRestClient(sim, t.path("token").asText()).getJson("/api/v4/users/me");
    assertThat(me.path("id").asText()).isEqualTo(alice.userId());
    JsonNode list = aliceRest.getJson("/api/v4/users/me/tokens");
    assertThat(list).extracting(n -> n.path("id").asText()).contains(t.path("id").asText());
    assertThat(list).allSatisfy(n -> assertThat(n.has("token")).isFalse());
    assertThat(list.toString()).doesNotContain(t.path("token").asText()).doesNotContain(alice.token());
    JsonNode second = aliceRest.getJson("/api/v4/users/me/tokens?page=1&per_page=1");
    assertThat(second).hasSize(1);
    assertThat(second.get(0).path("id").asText()).isEqualTo(list.get(1).path("id").asText());
  }

  @Test
  void shouldRefuseAnotherUsersTokensWithoutPermission() throws Exception {
    JsonNode t = create(aliceRest, alice.userId(), "mine");
    LoginIT.assertAppError(bobRest.post("/api/v4/users/" + alice.userId() + "/tokens", "{\"description\":\"x\"}"),
        403, "api.context.permissions.app_error");
    LoginIT.assertAppError(bobRest.get("/api/v4/users/" + alice.userId() + "/tokens"), 403,
        "api.context.permissions.app_error");
    LoginIT.assertAppError(bobRest.post("/api/v4/users/tokens/revoke",
        "{\"token_id\":\"" + t.path("id").asText() + "\"}"), 403, "api.context.permissions.app_error");
    assertThat(new SimRestClient(sim, t.path("token").asText()).get("/api/v4/users/me").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseAUserWithoutTheAccessTokenRoleEvenForThemself() throws Exception {
    String carol = sim.world().userIdByUsername("carol");
    SimRestClient carolRest = new SimRestClient(sim, sim.world().tokenOf(carol));
    LoginIT.assertAppError(carolRest.post("/api/v4/users/" + carol + "/tokens", "{\"description\":\"x\"}"), 403,
        "api.context.permissions.app_error");
    LoginIT.assertAppError(carolRest.get("/api/v4/users/me/tokens"), 403, "api.context.permissions.app_error");
  }

  @Test
  void shouldLetASystemAdminManageOtherUsersTokens() throws Exception {
    SimRestClient admin = new SimRestClient(sim, sim.botToken());
    // a system admin also reads channels it is not a member of, a DM between two others included
    List<String> dm = new ArrayList<>(alice.channelIds());
    dm.retainAll(bob.channelIds());
    dm.removeAll(sim.world().memberChannelIds(sim.botUserId()));
    dm.remove(sim.world().channelIdByName("random"));
    assertThat(dm).hasSize(1);
    assertThat(admin.get("/api/v4/channels/" + dm.getFirst() + "/posts").statusCode()).isEqualTo(200);
    JsonNode t = create(admin, alice.userId(), "issued by an admin");
    assertThat(t.path("user_id").asText()).isEqualTo(alice.userId());
    assertThat(admin.getJson("/api/v4/users/" + alice.userId() + "/tokens")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(admin.post("/api/v4/users/tokens/revoke", "{\"token_id\":\"" + t.path("id").asText() + "\"}")
        .statusCode()).isEqualTo(200);
    LoginIT.assertAppError(new SimRestClient(sim, t.path("token").asText()).get("/api/v4/users/me"), 401,
        "api.context.session_expired.app_error");
  }

  @Test
  void shouldSilenceTheSocketsOfARevokedTokenAndAnswer401() throws Exception {
    JsonNode t = create(aliceRest, alice.userId(), "to revoke");
    String token = t.path("token").asText();
    try (WsClient revoked = WsClient.bearer(sim, token); WsClient other = WsClient.bearer(sim, alice.token())) {
      revoked.next();
      other.next();
      HttpResponse<String> ok = aliceRest.post("/api/v4/users/tokens/revoke",
          "{\"token_id\":\"" + t.path("id").asText() + "\"}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(WsClient.JSON.readTree(ok.body()).path("status").asText()).isEqualTo("OK");
      LoginIT.assertAppError(new SimRestClient(sim, token).get("/api/v4/users/me"), 401,
          "api.context.session_expired.app_error");
      String townSquare = sim.world().channelIdByName("town-square");
      SimPost p = sim.world().createPost(bob.userId(), townSquare, "after the revocation");
      JsonNode posted = other.nextEvent("posted");
      assertThat(WsClient.JSON.readTree(posted.path("data").path("post").asText()).path("id").asText())
          .isEqualTo(p.id());
      // the revoked socket stays open, hears no event and every action is refused
      revoked.send("{\"seq\":1,\"action\":\"ping\"}");
      JsonNode fail = revoked.next();
      assertThat(fail.path("status").asText()).isEqualTo("FAIL");
      assertThat(fail.path("error").path("id").asText()).isEqualTo("api.web_socket_router.not_authenticated.app_error");
      assertThat(revoked.drain()).noneMatch(f -> f.contains("\"posted\""));
      assertThat(revoked.isClosed()).isFalse();
    }
    LoginIT.assertAppError(aliceRest.post("/api/v4/users/tokens/revoke",
        "{\"token_id\":\"" + t.path("id").asText() + "\"}"), 404, "app.user_access_token.get_by_user.app_error");
  }

  @Test
  void shouldAnswerBadInputWithAppErrors() throws Exception {
    String path = "/api/v4/users/" + alice.userId() + "/tokens";
    LoginIT.assertAppError(aliceRest.post(path, "{not json"), 400, "api.context.invalid_body_param.app_error");
    LoginIT.assertAppError(aliceRest.post(path, "[]"), 400, "api.context.invalid_body_param.app_error");
    LoginIT.assertAppError(aliceRest.post(path, "{}"), 400, "api.context.invalid_body_param.app_error");
    LoginIT.assertAppError(aliceRest.post("/api/v4/users/not-an-id/tokens", "{\"description\":\"x\"}"), 400,
        "api.context.invalid_url_param.app_error");
    LoginIT.assertAppError(new SimRestClient(sim, "wrong").post(path, "{\"description\":\"x\"}"), 401,
        "api.context.session_expired.app_error");
    LoginIT.assertAppError(new SimRestClient(sim, null).get(path), 401, "api.context.session_expired.app_error");
    LoginIT.assertAppError(aliceRest.post("/api/v4/users/tokens/revoke", "{}"), 400,
        "api.context.invalid_body_param.app_error");
    LoginIT.assertAppError(aliceRest.post("/api/v4/users/tokens/revoke", "nope"), 400,
        "api.context.invalid_body_param.app_error");
    LoginIT.assertAppError(aliceRest.post("/api/v4/users/tokens/revoke", "{\"token_id\":\"" + alice.userId() + "\"}"),
        404, "app.user_access_token.get_by_user.app_error");
    SimRestClient admin = new SimRestClient(sim, sim.botToken());
    LoginIT.assertAppError(admin.post("/api/v4/users/" + "a".repeat(26) + "/tokens", "{\"description\":\"x\"}"),
        404, "app.user.missing_account.const");
  }
}
