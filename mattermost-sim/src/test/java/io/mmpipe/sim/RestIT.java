package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REST v4 as the ingestor's poller uses it. */
class RestIT extends FreshSimulator {

  SimRestClient bot;

  @BeforeEach
  void connectBot() {
    bot = new SimRestClient(sim, sim.botToken());
  }

  @Test
  void shouldAnswerAppErrorWithRequestAndVersionHeadersWhenTokenIsInvalid() throws Exception {
    HttpResponse<String> r = new SimRestClient(sim, "bogus").get("/api/v4/users/me");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("X-Request-Id")).get().asString().hasSize(26);
    assertThat(r.headers().firstValue("X-Version-Id")).isPresent();
    JsonNode err = WsClient.JSON.readTree(r.body());
    assertThat(err.path("id").asText()).isEqualTo("api.context.session_expired.app_error");
    assertThat(err.path("status_code").asInt()).isEqualTo(401);
    assertThat(err.path("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void shouldAcceptAnAddedAccessTokenForTheSameUserAndKeepTheFirst() throws Exception {
    assertThat(new SimRestClient(sim, "compose-bot-token-1").get("/api/v4/users/me").statusCode()).isEqualTo(401);
    sim.world().addAccessToken(sim.botUserId(), "compose-bot-token-1");
    JsonNode me = new SimRestClient(sim, "compose-bot-token-1").getJson("/api/v4/users/me");
    assertThat(me.path("id").asText()).isEqualTo(sim.botUserId());
    assertThat(bot.getJson("/api/v4/users/me").path("id").asText()).isEqualTo(sim.botUserId());
    assertThat(sim.botToken()).isNotEqualTo("compose-bot-token-1");
  }

  @Test
  void shouldRejectTokenInQueryString() throws Exception {
    HttpResponse<String> r = new SimRestClient(sim, null).get("/api/v4/users/me?access_token=" + sim.botToken());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldListMemberChannelsWithDirectAndGroupMessagesButOnlyPublicChannelsOfTheTeam() throws Exception {
    JsonNode me = bot.getJson("/api/v4/users/me");
    assertThat(me.path("id").asText()).isEqualTo(sim.botUserId());
    JsonNode teams = bot.getJson("/api/v4/users/me/teams");
    assertThat(teams.get(0).path("name").asText()).isEqualTo("acme");
    String team = sim.world().teamId();
    JsonNode mine = bot.getJson("/api/v4/users/me/teams/" + team + "/channels");
    List<String> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    mine.forEach(c -> {
      types.add(c.path("type").asText());
      names.add(c.path("name").asText());
    });
    assertThat(types).contains("O", "P", "D", "G");
    assertThat(names).contains("town-square", "ops").doesNotContain("random");
    assertThat(mine).hasSize(sim.world().botChannelIds().size());
    JsonNode pub = bot.getJson("/api/v4/teams/" + team + "/channels");
    List<String> pubNames = new ArrayList<>();
    pub.forEach(c -> pubNames.add(c.path("name").asText()));
    assertThat(pubNames).contains("random", "town-square").doesNotContain("ops");
  }

  @Test
  void shouldForbidReadingAPrivateChannelTheUserIsNotIn() throws Exception {
    String dave = sim.world().userIds().get(3);
    String ops = sim.world().botChannelIds().get(3);
    SimRestClient daveRest = new SimRestClient(sim, sim.world().tokenOf(dave));
    assertThat(daveRest.get("/api/v4/channels/" + ops).statusCode()).isEqualTo(403);
    assertThat(daveRest.get("/api/v4/channels/" + ops + "/posts?since=0").statusCode()).isEqualTo(403);
    assertThat(bot.get("/api/v4/channels/" + ops + "/posts?since=0").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldReturnCreatedEditedDeletedReactedPostsAndHistoryRowsSinceACursor() throws Exception {
    SimPost untouched = sim.world().createPost(alice, townSquare, "before the cursor");
    SimPost edited = sim.world().createPost(alice, townSquare, "original text");
    SimPost reacted = sim.world().createPost(alice, townSquare, "react to me");
    SimPost deleted = sim.world().createPost(alice, townSquare, "delete me");
    SimPost root = sim.world().createPost(alice, townSquare, "thread root");
    SimPost reply = sim.world().createReply(bob, root.id(), "a reply");
    long cursor = sim.world().changes().getLast().at();
    sim.world().editPost(edited.id(), "new text");
    sim.world().addReaction(bob, reacted.id(), "+1");
    sim.world().deletePost(deleted.id());
    sim.world().editPost(reply.id(), "edited reply");

    JsonNode list = bot.getJson("/api/v4/channels/" + townSquare + "/posts?since=" + cursor);
    List<String> order = new ArrayList<>();
    list.path("order").forEach(n -> order.add(n.asText()));
    JsonNode posts = list.path("posts");
    assertThat(order).contains(edited.id(), reacted.id(), deleted.id(), reply.id()).doesNotContain(untouched.id());
    assertThat(posts.path(edited.id()).path("message").asText()).isEqualTo("new text");
    assertThat(posts.path(edited.id()).path("edit_at").asLong()).isPositive();
    assertThat(posts.path(deleted.id()).path("delete_at").asLong()).isPositive();
    assertThat(posts.path(deleted.id()).path("message").asText()).isEmpty();
    assertThat(posts.path(reacted.id()).path("metadata").path("reactions")).hasSize(1);
    // two edits: two history rows pointing at the edited posts, deleted at the edit time
    List<JsonNode> history = new ArrayList<>();
    posts.forEach(p -> {
      if (!p.path("original_id").asText().isEmpty()) {
        history.add(p);
      }
    });
    assertThat(history).extracting(h -> h.path("original_id").asText())
        .containsExactlyInAnyOrder(edited.id(), reply.id());
    assertThat(history).allSatisfy(h -> assertThat(h.path("delete_at").asLong()).isPositive());
    assertThat(history).extracting(h -> h.path("message").asText()).contains("original text");
    // the reply's edit bumped its root
    assertThat(order).contains(root.id());
    assertThat(list.path("prev_post_id").asText()).isEmpty();
    assertThat(list.path("next_post_id").asText()).isEmpty();
    // strictly greater: nothing after the last change
    long last = sim.world().changes().getLast().at();
    assertThat(bot.getJson("/api/v4/channels/" + townSquare + "/posts?since=" + last).path("order")).isEmpty();
  }

  @Test
  void shouldPutRootsOfReturnedRepliesInPostsButNotInOrder() throws Exception {
    SimPost root = sim.world().createPost(alice, townSquare, "old root");
    long cursor = sim.world().changes().getLast().at();
    // a new reply bumps the root too, so make the root invisible to since by reading with a later cursor
    SimPost reply = sim.world().createReply(bob, root.id(), "reply");
    long afterReply = sim.world().changes().getLast().at();
    sim.world().addReaction(bob, reply.id(), "eyes");
    JsonNode list = bot.getJson("/api/v4/channels/" + townSquare + "/posts?since=" + afterReply);
    List<String> order = new ArrayList<>();
    list.path("order").forEach(n -> order.add(n.asText()));
    assertThat(order).containsExactly(reply.id());
    assertThat(list.path("posts").has(root.id())).isTrue();
    assertThat(cursor).isLessThan(afterReply);
  }

  @Test
  void shouldRejectSinceCombinedWithPaging() throws Exception {
    HttpResponse<String> r = bot.get("/api/v4/channels/" + townSquare + "/posts?since=0&page=1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(WsClient.JSON.readTree(r.body()).path("status_code").asInt()).isEqualTo(400);
  }

  @Test
  void shouldClampPerPageTo200AndDefaultTo60() throws Exception {
    for (int i = 0; i < 230; i++) {
      sim.world().createPost(alice, townSquare, "p" + i);
    }
    assertThat(bot.getJson("/api/v4/channels/" + townSquare + "/posts?per_page=1000").path("order")).hasSize(200);
    assertThat(bot.getJson("/api/v4/channels/" + townSquare + "/posts").path("order")).hasSize(60);
    JsonNode page3 = bot.getJson("/api/v4/channels/" + townSquare + "/posts?per_page=100&page=2");
    assertThat(page3.path("order")).hasSize(30);
    String newest = bot.getJson("/api/v4/channels/" + townSquare + "/posts?per_page=1").path("order").get(0).asText();
    JsonNode before = bot.getJson("/api/v4/channels/" + townSquare + "/posts?per_page=5&before=" + newest);
    assertThat(before.path("order")).hasSize(5);
    assertThat(before.path("order").toString()).doesNotContain(newest);
  }

  @Test
  void shouldAnswerEveryIdWithReactionsOrEmptyList() throws Exception {
    SimPost a = sim.world().createPost(alice, townSquare, "a");
    SimPost b = sim.world().createPost(alice, townSquare, "b");
    sim.world().addReaction(bob, a.id(), "tada");
    sim.world().addReaction(alice, a.id(), "tada");
    sim.world().removeReaction(alice, a.id(), "tada");
    HttpResponse<String> r = bot.post("/api/v4/posts/ids/reactions", "[\"" + a.id() + "\",\"" + b.id() + "\"]");
    JsonNode m = WsClient.JSON.readTree(r.body());
    assertThat(m.path(a.id())).hasSize(1);
    assertThat(m.path(a.id()).get(0).path("user_id").asText()).isEqualTo(bob);
    assertThat(m.path(b.id()).isArray()).isTrue();
    assertThat(m.path(b.id())).isEmpty();
  }

  @Test
  void shouldWritePostsAndReactionsOverRestAndBroadcastThem() throws Exception {
    try (WsClient ws = botSocket()) {
      ws.next();
      HttpResponse<String> created = bot.post("/api/v4/posts",
          "{\"channel_id\":\"" + townSquare + "\",\"message\":\"from rest\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String id = WsClient.JSON.readTree(created.body()).path("id").asText();
      assertThat(ws.nextEvent("posted").path("data").path("post").asText()).contains(id);
      assertThat(bot.put("/api/v4/posts/" + id + "/patch", "{\"message\":\"patched\"}").statusCode()).isEqualTo(200);
      assertThat(bot.post("/api/v4/reactions", "{\"user_id\":\"" + sim.botUserId() + "\",\"post_id\":\"" + id
          + "\",\"emoji_name\":\"eyes\"}").statusCode()).isEqualTo(200);
      assertThat(bot.getJson("/api/v4/posts/" + id + "/reactions")).hasSize(1);
      assertThat(bot.delete("/api/v4/users/" + sim.botUserId() + "/posts/" + id + "/reactions/eyes").statusCode())
          .isEqualTo(200);
      assertThat(bot.delete("/api/v4/posts/" + id).statusCode()).isEqualTo(200);
      assertThat(bot.get("/api/v4/posts/" + id).statusCode()).isEqualTo(404);
      assertThat(sim.world().changes()).extracting(SimChange::kind)
          .containsExactly("post_created", "post_edited", "reaction_added", "reaction_removed", "post_deleted");
    }
  }

  @Test
  void shouldServeThreadsFilesUsersAndStatuses() throws Exception {
    SimPost root = sim.world().createPostWithFile(alice, townSquare, "see file", "report.pdf", "application/pdf", 99);
    sim.world().createReply(bob, root.id(), "thanks");
    assertThat(bot.getJson("/api/v4/posts/" + root.id() + "/thread").path("order")).hasSize(2);
    JsonNode post = bot.getJson("/api/v4/posts/" + root.id());
    String fileId = post.path("file_ids").get(0).asText();
    JsonNode info = bot.getJson("/api/v4/files/" + fileId + "/info");
    assertThat(info.path("name").asText()).isEqualTo("report.pdf");
    assertThat(info.path("post_id").asText()).isEqualTo(root.id());
    sim.world().setStatus(alice, "dnd");
    JsonNode statuses = WsClient.JSON.readTree(bot.post("/api/v4/users/status/ids", "[\"" + alice + "\"]").body());
    assertThat(statuses.get(0).path("status").asText()).isEqualTo("dnd");
    JsonNode users = WsClient.JSON.readTree(bot.post("/api/v4/users/ids", "[\"" + alice + "\",\"" + bob + "\"]")
        .body());
    assertThat(users).extracting(u -> u.path("username").asText()).containsExactly("alice", "bob");
  }

  @Test
  void shouldRefuseIncludeDeletedToANonAdminAndGiveItDeletedRowsWhenAdmin() throws Exception {
    SimPost gone = sim.world().createPost(alice, townSquare, "gone");
    sim.world().deletePost(gone.id());
    // the bot is not a system admin here: 403, even combined with since (the server checks it first)
    for (String q : List.of("?include_deleted=true", "?since=1&include_deleted=true")) {
      HttpResponse<String> r = bot.get("/api/v4/channels/" + townSquare + "/posts" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(403);
      assertThat(WsClient.JSON.readTree(r.body()).path("id").asText()).isEqualTo("api.context.permissions.app_error");
    }
    assertThat(bot.getJson("/api/v4/channels/" + townSquare + "/posts").path("order").toString())
        .doesNotContain(gone.id());
    try (MattermostSim admin = MattermostSim.start(SimConfig.defaults().withBotIsAdmin(true))) {
      String ch = admin.world().botChannelIds().get(0);
      SimPost p = admin.world().createPost(admin.world().userIds().get(0), ch, "gone too");
      admin.world().deletePost(p.id());
      JsonNode list = new SimRestClient(admin, admin.botToken())
          .getJson("/api/v4/channels/" + ch + "/posts?include_deleted=true&per_page=200");
      assertThat(list.path("order").toString()).contains(p.id());
      assertThat(list.path("posts").path(p.id()).path("delete_at").asLong()).isPositive();
    }
  }

  @Test
  void shouldRefuseAStatusRequestWithoutIdsOrWithAMalformedId() throws Exception {
    for (String body : List.of("[]", "[\"short\"]", "{}", "[\"" + alice + "\", 7]")) {
      HttpResponse<String> r = bot.post("/api/v4/users/status/ids", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(WsClient.JSON.readTree(r.body()).path("id").asText()).isEqualTo("api.context.invalid_param.app_error");
    }
    // unknown (well-formed) ids are left out, no error
    JsonNode ok = WsClient.JSON.readTree(bot.post("/api/v4/users/status/ids",
        "[\"" + alice + "\",\"abcdefghijklmnopqrstuvwxyz\"]").body());
    assertThat(ok).hasSize(1);
  }

  @Test
  void shouldAnswerInjected429AsPlainTextWithRateLimitHeaders() throws Exception {
    sim.faults().failRest(429, 2, Duration.ofSeconds(3));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = bot.get("/api/v4/users/me");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).startsWith("limit exceeded");
      assertThat(r.headers().firstValue("Retry-After")).contains("3");
      assertThat(r.headers().firstValue("X-Ratelimit-Remaining")).contains("0");
      assertThat(r.headers().firstValue("x-ratelimit-reset")).isPresent();
      assertThat(r.headers().firstValue("X-Ratelimit-Limit")).isPresent();
    }
    assertThat(bot.get("/api/v4/users/me").statusCode()).isEqualTo(200);
    sim.faults().failRest(503, 1, Duration.ZERO);
    HttpResponse<String> unavailable = bot.get("/api/v4/users/me");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(WsClient.JSON.readTree(unavailable.body()).path("status_code").asInt()).isEqualTo(503);
  }

  @Test
  void shouldLimitTo100BurstThen429WhenRateLimitIsOn() throws Exception {
    try (MattermostSim limited = MattermostSim.start(SimConfig.defaults().withRateLimit(true))) {
      SimRestClient rest = new SimRestClient(limited, limited.botToken());
      HttpResponse<String> first = rest.get("/api/v4/users/me");
      assertThat(first.headers().firstValue("X-Ratelimit-Limit")).contains("10");
      int limitedAt = -1;
      for (int i = 1; i < 150 && limitedAt < 0; i++) {
        if (rest.get("/api/v4/users/me").statusCode() == 429) {
          limitedAt = i;
        }
      }
      // 100 burst plus whatever refilled at 10/s while the loop ran
      assertThat(limitedAt).isGreaterThanOrEqualTo(100);
      HttpResponse<String> r = rest.get("/api/v4/users/me");
      if (r.statusCode() == 429) {
        assertThat(r.body()).startsWith("limit exceeded");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
  }

  @Test
  void shouldServeControlApiOnLoopback() throws Exception {
    sim.world().createPost(alice, townSquare, "x");
    SimRestClient anon = new SimRestClient(sim, null);
    JsonNode stats = WsClient.JSON.readTree(anon.get("/_sim/stats").body());
    assertThat(stats.path("changes_made").asInt()).isEqualTo(1);
    JsonNode changes = WsClient.JSON.readTree(anon.get("/_sim/changes?since_index=0").body());
    assertThat(changes.path("next_index").asInt()).isEqualTo(1);
    assertThat(changes.path("changes").get(0).path("kind").asText()).isEqualTo("post_created");
    assertThat(anon.post("/_sim/faults/rest?status=500&count=1&retry_after=0", "").statusCode()).isEqualTo(200);
    assertThat(bot.get("/api/v4/users/me").statusCode()).isEqualTo(500);
    assertThat(anon.post("/_sim/load?rate=50&channels=2", "").statusCode()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sim.load().changesMade() >= 10);
    assertThat(anon.delete("/_sim/load").statusCode()).isEqualTo(200);
    assertThat(sim.load().running()).isFalse();
  }
}
