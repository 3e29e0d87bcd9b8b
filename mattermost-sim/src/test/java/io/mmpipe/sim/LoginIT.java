package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /users/login and /users/logout as api4/user.go answers them. */
class LoginIT {

  static MattermostSim sim;
  static SimRestClient anonymous;

  @BeforeAll
  static void start() {
    sim = MattermostSim.start(SimConfig.defaults());
    anonymous = new SimRestClient(sim, null);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static HttpResponse<String> login(String body) throws Exception {
    return anonymous.post("/api/v4/users/login", body);
  }

  static void assertAppError(HttpResponse<String> r, int status, String id) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = WsClient.JSON.readTree(r.body());
    assertThat(e.path("id").asText()).isEqualTo(id);
    assertThat(e.path("status_code").asInt()).isEqualTo(status);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void shouldAnswerTheUserAndPutTheSessionTokenInTheTokenHeader() throws Exception {
    DemoUser alice = sim.world().demoUsers().get(0);
    HttpResponse<String> r = login("{\"login_id\":\"alice\",\"password\":\"" + alice.password() + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode user = WsClient.JSON.readTree(r.body());
    assertThat(user.path("id").asText()).isEqualTo(alice.userId());
    assertThat(user.path("username").asText()).isEqualTo("alice");
    assertThat(r.body()).doesNotContain(alice.password());
    String token = r.headers().firstValue("Token").orElseThrow();
    assertThat(token).hasSize(26).isNotEqualTo(alice.token());
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty(); // cookies only for the web app's XHR
    JsonNode me = new SimRestClient(sim, token).getJson("/api/v4/users/me");
    assertThat(me.path("id").asText()).isEqualTo(alice.userId());
    try (WsClient ws = WsClient.bearer(sim, token)) {
      assertThat(ws.next().path("broadcast").path("user_id").asText()).isEqualTo(alice.userId());
    }
  }

  @Test
  void shouldSetTheSessionCookieOnlyForTheWebAppsXhr() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v4/users/login"))
        .header("X-Requested-With", "XMLHttpRequest")
        .POST(HttpRequest.BodyPublishers.ofString("{\"login_id\":\"bob\",\"password\":\"bob-password\"}"))
        .build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    String token = r.headers().firstValue("Token").orElseThrow();
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("MMAUTHTOKEN=" + token + ";")
        .contains("HttpOnly");
  }

  @Test
  void shouldAcceptTheEmailAsLoginIdAndGiveEveryLoginItsOwnSession() throws Exception {
    DemoUser bob = sim.world().demoUsers().get(1);
    String body = "{\"login_id\":\"BOB@acme.example\",\"password\":\"" + bob.password() + "\"}";
    String first = login(body).headers().firstValue("Token").orElseThrow();
    String second = login(body).headers().firstValue("Token").orElseThrow();
    assertThat(first).isNotEqualTo(second);
    assertThat(new SimRestClient(sim, first).getJson("/api/v4/users/me").path("id").asText()).isEqualTo(bob.userId());
  }

  @Test
  void shouldMaskWrongPasswordAndUnknownUserAsTheSameInvalidCredentials() throws Exception {
    assertAppError(login("{\"login_id\":\"alice\",\"password\":\"wrong\"}"), 401,
        "api.user.login.invalid_credentials_email_username");
    assertAppError(login("{\"login_id\":\"mallory\",\"password\":\"alice-password\"}"), 401,
        "api.user.login.invalid_credentials_email_username");
    assertAppError(login("{\"password\":\"alice-password\"}"), 401,
        "api.user.login.invalid_credentials_email_username");
    // another user's password is a wrong password
    assertAppError(login("{\"login_id\":\"bob\",\"password\":\"alice-password\"}"), 401,
        "api.user.login.invalid_credentials_email_username");
  }

  @Test
  void shouldAnswerBlankPasswordUnmaskedWhenThePasswordOrTheWholeBodyIsMissing() throws Exception {
    for (String body : new String[] {"{\"login_id\":\"alice\"}", "{\"login_id\":\"alice\",\"password\":\"\"}",
        "not json", "", "[1,2]", "{\"login_id\":\"alice\",\"password\":42}"}) {
      assertAppError(login(body), 400, "api.user.login.blank_pwd.app_error");
    }
  }

  @Test
  void shouldRefuseABotLogin() throws Exception {
    assertAppError(login("{\"login_id\":\"mmpipe-bot\",\"password\":\"anything\"}"), 401,
        "api.user.login.bot_login_forbidden.app_error");
  }

  @Test
  void shouldRevokeTheSessionOnLogoutAndLeaveAPersonalTokenValid() throws Exception {
    DemoUser alice = sim.world().demoUsers().get(0);
    String session = sim.world().login("alice", alice.password());
    SimRestClient rest = new SimRestClient(sim, session);
    assertThat(rest.get("/api/v4/users/me").statusCode()).isEqualTo(200);
    HttpResponse<String> out = rest.post("/api/v4/users/logout", "");
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(WsClient.JSON.readTree(out.body()).path("status").asText()).isEqualTo("OK");
    assertAppError(rest.get("/api/v4/users/me"), 401, "api.context.session_expired.app_error");
    // logging out with a personal access token revokes its session, which the server recreates from the token
    SimRestClient pat = new SimRestClient(sim, alice.token());
    assertThat(pat.post("/api/v4/users/logout", "").statusCode()).isEqualTo(200);
    assertThat(pat.get("/api/v4/users/me").statusCode()).isEqualTo(200);
    // no session required: an anonymous or stale logout is still OK
    assertThat(anonymous.post("/api/v4/users/logout", "").statusCode()).isEqualTo(200);
    assertThat(rest.post("/api/v4/users/logout", "").statusCode()).isEqualTo(200);
  }
}
