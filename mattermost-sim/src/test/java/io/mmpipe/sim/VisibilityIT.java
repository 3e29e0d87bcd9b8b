package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each seeded identity may see of private channels, direct and group messages, over REST (403/404 as the real
 * server answers them) and over the WebSocket (channel events only to members).
 */
class VisibilityIT {

  MattermostSim sim;
  DemoUser alice;
  DemoUser bob;
  String carol;
  String leadership;
  String aliceBobDm;
  String bobCarolGroup;
  String townSquare;

  @BeforeEach
  void start() {
    sim = MattermostSim.start(SimConfig.defaults());
    WorldControls w = sim.world();
    alice = w.demoUsers().get(0);
    bob = w.demoUsers().get(1);
    carol = w.userIdByUsername("carol");
    leadership = w.channelIdByName("leadership");
    townSquare = w.channelIdByName("town-square");
    List<String> both = new ArrayList<>(alice.channelIds());
    both.retainAll(bob.channelIds());
    aliceBobDm = both.stream().filter(c -> !w.memberChannelIds(sim.botUserId()).contains(c)).filter(c ->
        !w.memberChannelIds(carol).contains(c)).findFirst().orElseThrow();
    List<String> bobOnly = new ArrayList<>(bob.channelIds());
    bobOnly.removeAll(alice.channelIds());
    bobCarolGroup = bobOnly.getFirst();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldGiveTheDemoUsersDifferentMemberships() {
    assertThat(alice.channelIds()).contains(leadership, aliceBobDm, townSquare).doesNotContain(bobCarolGroup);
    assertThat(bob.channelIds()).contains(aliceBobDm, bobCarolGroup, townSquare).doesNotContain(leadership);
    assertThat(alice.channelLabels()).contains("~leadership (private)",
        "@alice, @bob (direct, the bot is not a member)", "~random (public, the bot is not a member)");
    assertThat(bob.channelLabels()).contains("@bob, @carol, @mmpipe-bot (group)");
    assertThat(sim.world().memberChannelIds(sim.botUserId())).contains(leadership, bobCarolGroup)
        .doesNotContain(aliceBobDm);
  }

  @Test
  void shouldListOnlyTheUsersOwnChannelsOverRest() throws Exception {
    String path = "/api/v4/users/me/teams/" + sim.world().teamId() + "/channels";
    assertThat(ids(new SimRestClient(sim, alice.token()).getJson(path)))
        .containsExactlyInAnyOrderElementsOf(alice.channelIds());
    assertThat(ids(new SimRestClient(sim, bob.token()).getJson(path)))
        .containsExactlyInAnyOrderElementsOf(bob.channelIds());
    // every team's channels of a user: oneself only (a system admin may ask for others)
    assertThat(ids(new SimRestClient(sim, alice.token()).getJson("/api/v4/users/me/channels")))
        .containsExactlyInAnyOrderElementsOf(alice.channelIds());
    assertThat(ids(new SimRestClient(sim, bob.token()).getJson("/api/v4/users/" + bob.userId() + "/channels")))
        .containsExactlyInAnyOrderElementsOf(bob.channelIds());
    LoginIT.assertAppError(new SimRestClient(sim, bob.token()).get("/api/v4/users/" + alice.userId() + "/channels"),
        403, "api.context.permissions.app_error");
  }

  @Test
  void shouldAnswer403ToNonMembersOfPrivateDirectAndGroupChannels() throws Exception {
    SimRestClient bobRest = new SimRestClient(sim, bob.token());
    SimRestClient aliceRest = new SimRestClient(sim, alice.token());
    SimRestClient carolRest = new SimRestClient(sim, sim.world().tokenOf(carol));
    sim.world().createPost(alice.userId(), leadership, "private words");
    for (String suffix : new String[] {"", "/posts", "/members"}) {
      LoginIT.assertAppError(bobRest.get("/api/v4/channels/" + leadership + suffix), 403,
          "api.context.permissions.app_error");
      LoginIT.assertAppError(carolRest.get("/api/v4/channels/" + aliceBobDm + suffix), 403,
          "api.context.permissions.app_error");
      LoginIT.assertAppError(aliceRest.get("/api/v4/channels/" + bobCarolGroup + suffix), 403,
          "api.context.permissions.app_error");
      assertThat(aliceRest.get("/api/v4/channels/" + leadership + suffix).statusCode()).isEqualTo(200);
      assertThat(bobRest.get("/api/v4/channels/" + aliceBobDm + suffix).statusCode()).isEqualTo(200);
      assertThat(bobRest.get("/api/v4/channels/" + bobCarolGroup + suffix).statusCode()).isEqualTo(200);
    }
    SimPost secret = sim.world().createPost(bob.userId(), bobCarolGroup, "group words");
    LoginIT.assertAppError(aliceRest.get("/api/v4/posts/" + secret.id()), 403, "api.context.permissions.app_error");
    // one membership: the permission first (an unknown channel is 403 here), then 404 for a non-member
    assertThat(WsClient.JSON.readTree(aliceRest.get("/api/v4/channels/" + leadership + "/members/me").body())
        .path("user_id").asText()).isEqualTo(alice.userId());
    LoginIT.assertAppError(aliceRest.get("/api/v4/channels/" + leadership + "/members/" + bob.userId()), 404,
        "app.channel.get_member.missing.app_error");
    LoginIT.assertAppError(bobRest.get("/api/v4/channels/" + leadership + "/members/" + alice.userId()), 403,
        "api.context.permissions.app_error");
    LoginIT.assertAppError(bobRest.get("/api/v4/channels/" + "a".repeat(26) + "/members/me"), 403,
        "api.context.permissions.app_error");
    // an unknown channel is 404 (the channel is looked up before the permission check)
    LoginIT.assertAppError(bobRest.get("/api/v4/channels/" + "a".repeat(26)), 404,
        "app.channel.get.existing.app_error");
    // a public channel is readable by any team member, member or not
    assertThat(new SimRestClient(sim, sim.botToken()).get("/api/v4/channels/" + sim.world()
        .channelIdByName("random") + "/posts").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldDeliverChannelEventsOnlyToMembersOverTheWebSocket() throws Exception {
    try (WsClient aliceWs = WsClient.bearer(sim, alice.token());
         WsClient bobWs = WsClient.bearer(sim, bob.token());
         WsClient carolWs = WsClient.bearer(sim, sim.world().tokenOf(carol))) {
      aliceWs.next();
      bobWs.next();
      carolWs.next();
      SimPost inLeadership = sim.world().createPost(carol, leadership, "leadership only");
      SimPost inDm = sim.world().createPost(alice.userId(), aliceBobDm, "just us");
      SimPost inGroup = sim.world().createPost(carol, bobCarolGroup, "bob and carol");
      SimPost marker = sim.world().createPost(carol, townSquare, "everyone");
      assertThat(postedUntil(aliceWs, marker.id())).containsExactly(inLeadership.id(), inDm.id(), marker.id());
      assertThat(postedUntil(bobWs, marker.id())).containsExactly(inDm.id(), inGroup.id(), marker.id());
      assertThat(postedUntil(carolWs, marker.id())).containsExactly(inLeadership.id(), inGroup.id(), marker.id());
    }
  }

  /** The ids of the posted events a socket receives, up to and including {@code lastId}. */
  private static List<String> postedUntil(WsClient ws, String lastId) throws Exception {
    List<String> out = new ArrayList<>();
    while (out.isEmpty() || !out.getLast().equals(lastId)) {
      JsonNode e = ws.nextEvent("posted");
      out.add(WsClient.JSON.readTree(e.path("data").path("post").asText()).path("id").asText());
    }
    return out;
  }

  private static List<String> ids(JsonNode channels) {
    List<String> out = new ArrayList<>();
    channels.forEach(c -> out.add(c.path("id").asText()));
    return out;
  }
}
