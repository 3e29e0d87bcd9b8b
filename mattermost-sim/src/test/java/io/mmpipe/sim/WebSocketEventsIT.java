package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events, seq, resume, the send queue and faults, each against a fresh simulator. */
class WebSocketEventsIT extends FreshSimulator {

  private static JsonNode parsed(JsonNode event, String field) throws Exception {
    JsonNode v = event.path("data").path(field);
    assertThat(v.isTextual()).as(field + " is a JSON string").isTrue();
    return WsClient.JSON.readTree(v.asText());
  }

  @Test
  void shouldNumberEventsConsecutivelyWithBothFrameLayoutsAndStringEncodedFields() throws Exception {
    try (WsClient c = botSocket()) {
      c.next();
      SimPost p = sim.world().createPost(alice, townSquare, "hello @mmpipe-bot");
      sim.world().addReaction(bob, p.id(), "+1");
      sim.world().editPost(p.id(), "hello again");
      List<String> raw = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        raw.add(c.nextRaw(15));
      }
      JsonNode posted = WsClient.JSON.readTree(raw.get(0));
      assertThat(posted.path("event").asText()).isEqualTo("posted");
      assertThat(posted.path("seq").asLong()).isEqualTo(1);
      assertThat(posted.path("broadcast").path("channel_id").asText()).isEqualTo(townSquare);
      assertThat(posted.path("broadcast").fieldNames()).toIterable()
          .contains("omit_users", "user_id", "channel_id", "team_id", "connection_id", "omit_connection_id");
      assertThat(parsed(posted, "post").path("id").asText()).isEqualTo(p.id());
      assertThat(parsed(posted, "mentions")).extracting(JsonNode::asText).contains(sim.botUserId());
      assertThat(posted.path("data").path("sender_name").asText()).isEqualTo("@alice");
      JsonNode reaction = WsClient.JSON.readTree(raw.get(1));
      assertThat(reaction.path("seq").asLong()).isEqualTo(2);
      assertThat(parsed(reaction, "reaction").path("emoji_name").asText()).isEqualTo("+1");
      JsonNode edited = WsClient.JSON.readTree(raw.get(2));
      assertThat(edited.path("seq").asLong()).isEqualTo(3);
      JsonNode editedPost = parsed(edited, "post");
      assertThat(editedPost.path("edit_at").asLong()).isEqualTo(editedPost.path("update_at").asLong()).isPositive();
      // the real server writes some frames spaced and some compact with a trailing newline
      assertThat(raw).anySatisfy(f -> assertThat(f).startsWith("{\"event\": \""));
      assertThat(raw).anySatisfy(f -> assertThat(f).startsWith("{\"event\":\"").endsWith("}\n"));
    }
  }

  @Test
  void shouldMarkImagePostsWithStringTrue() throws Exception {
    try (WsClient c = botSocket()) {
      c.next();
      SimPost p = sim.world().createPostWithFile(alice, townSquare, "look", "cat.png", "image/png", 1234);
      JsonNode posted = c.nextEvent("posted");
      assertThat(posted.path("data").path("image").asText()).isEqualTo("true");
      JsonNode post = parsed(posted, "post");
      assertThat(post.path("file_ids")).hasSize(1);
      assertThat(post.path("metadata").path("files").get(0).path("name").asText()).isEqualTo("cat.png");
      assertThat(post.path("id").asText()).isEqualTo(p.id());
    }
  }

  @Test
  void shouldSendChannelEventsOnlyToMembers() throws Exception {
    String random = sim.world().createChannel(alice, "elsewhere", 'O');
    try (WsClient bot = botSocket()) {
      bot.next();
      sim.world().createPost(alice, random, "the bot is not here");
      sim.world().createPost(alice, townSquare, "the bot is here");
      JsonNode first = bot.nextEvent();
      assertThat(parsed(first, "post").path("message").asText()).isEqualTo("the bot is here");
      assertThat(first.path("seq").asLong()).isEqualTo(1);
    }
  }

  @Test
  void shouldSendStatusChangeOnlyToTheUsersOwnConnections() throws Exception {
    try (WsClient bot = botSocket();
         WsClient aliceWs = WsClient.bearer(sim, sim.world().tokenOf(alice))) {
      bot.next();
      aliceWs.next();
      sim.world().setStatus(alice, "away");
      sim.world().createPost(alice, townSquare, "marker");
      assertThat(aliceWs.nextEvent().path("event").asText()).isEqualTo("status_change");
      assertThat(bot.nextEvent().path("event").asText()).isEqualTo("posted");
    }
  }

  @Test
  void shouldSendOneSanitizedDeletedEventForARootWithReplies() throws Exception {
    SimPost root = sim.world().createPost(alice, townSquare, "root");
    SimPost reply = sim.world().createReply(bob, root.id(), "reply");
    try (WsClient c = botSocket()) {
      c.next();
      sim.world().deletePost(root.id());
      sim.world().createPost(alice, townSquare, "marker");
      JsonNode deleted = c.nextEvent();
      assertThat(deleted.path("event").asText()).isEqualTo("post_deleted");
      assertThat(deleted.path("broadcast").path("contains_sanitized_data").asBoolean()).isTrue();
      assertThat(deleted.path("data").has("delete_by")).isFalse();
      JsonNode post = parsed(deleted, "post");
      assertThat(post.path("id").asText()).isEqualTo(root.id());
      assertThat(post.path("delete_at").asLong()).isZero();
      assertThat(c.nextEvent().path("event").asText()).isEqualTo("posted"); // nothing for the reply in between
    }
    assertThat(sim.world().changes()).extracting(SimChange::kind, SimChange::postId)
        .contains(org.assertj.core.groups.Tuple.tuple("post_deleted", reply.id()));
  }

  @Test
  void shouldReplayMissedEventsWithOriginalSeqAndNoHelloWhenResumed() throws Exception {
    String connectionId;
    try (WsClient c = botSocket()) {
      connectionId = helloConnectionId(c);
      sim.world().createPost(alice, townSquare, "one");
      assertThat(c.nextEvent().path("seq").asLong()).isEqualTo(1);
      dropAllConnections();
    }
    for (int i = 0; i < 5; i++) {
      sim.world().createPost(alice, townSquare, "missed " + i);
    }
    try (WsClient r = resumeBotSocket(connectionId, 2)) {
      for (int seq = 2; seq <= 6; seq++) {
        JsonNode e = r.next();
        assertThat(e.path("event").asText()).isEqualTo("posted");
        assertThat(e.path("seq").asLong()).isEqualTo(seq);
        assertThat(parsed(e, "post").path("message").asText()).isEqualTo("missed " + (seq - 2));
      }
      sim.world().createPost(alice, townSquare, "live");
      assertThat(r.next().path("seq").asLong()).isEqualTo(7);
    }
  }

  @Test
  void shouldGiveNewConnectionIdAndHelloWhenResumingAForgottenConnection() throws Exception {
    String connectionId;
    try (WsClient c = botSocket()) {
      connectionId = helloConnectionId(c);
      dropAllConnections();
    }
    sim.faults().forgetConnections();
    JsonNode hello = assertResumeGivesNewConnection(connectionId, 1);
    assertThat(hello.path("seq").asLong()).isZero();
  }

  @Test
  void shouldGiveNewConnectionIdWhenResumingAtASeqTheServerNeverSent() throws Exception {
    String connectionId;
    try (WsClient c = botSocket()) {
      connectionId = helloConnectionId(c);
      sim.world().createPost(alice, townSquare, "a");
      assertThat(c.nextEvent().path("seq").asLong()).isEqualTo(1);
      sim.faults().skipSequence();
      sim.world().createPost(alice, townSquare, "b");
      assertThat(c.nextEvent().path("seq").asLong()).isEqualTo(3);
      dropAllConnections();
    }
    // seq 2 was never sent, so it is not in the dead queue: the real server calls that a loss.
    assertResumeGivesNewConnection(connectionId, 2);
  }

  @Test
  void shouldGiveNewConnectionWhenMoreThanTheDeadQueueWasMissed() throws Exception {
    String connectionId;
    try (WsClient c = botSocket()) {
      connectionId = helloConnectionId(c);
      dropAllConnections();
    }
    for (int i = 0; i < 140; i++) {
      sim.world().createPost(alice, townSquare, "missed " + i);
    }
    assertResumeGivesNewConnection(connectionId, 1);
  }

  @Test
  void shouldCloseAndForgetASlowReaderWhenItsSendQueueOverflows() throws Exception {
    try (WsClient c = botSocket()) {
      String connectionId = helloConnectionId(c);
      sim.faults().stall(Duration.ofSeconds(3));
      for (int i = 0; i < 300; i++) {
        sim.world().createPost(alice, townSquare, "flood " + i);
      }
      await().atMost(Duration.ofSeconds(30)).until(c::isClosed);
      assertResumeGivesNewConnection(connectionId, 1);
    }
  }

  @Test
  void shouldDropTypingButKeepPostsWhenHalfTheQueueIsFull() throws Exception {
    try (WsClient c = botSocket()) {
      c.next();
      sim.faults().stall(Duration.ofMillis(1500));
      for (int i = 0; i < 130; i++) {
        sim.world().createPost(alice, townSquare, "p" + i);
      }
      sim.world().typing(alice, townSquare, "");
      sim.world().createPost(alice, townSquare, "last");
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 131; i++) {
        events.add(c.nextEvent().path("event").asText());
      }
      assertThat(events).containsOnly("posted").hasSize(131);
    }
  }

  @Test
  void shouldSendGarbageAsIsWithoutConsumingSeq() throws Exception {
    try (WsClient c = botSocket()) {
      c.next();
      sim.faults().sendGarbage("this is not json {");
      assertThat(c.nextRaw(15)).isEqualTo("this is not json {");
      sim.world().createPost(alice, townSquare, "after garbage");
      assertThat(c.next().path("seq").asLong()).isEqualTo(1);
    }
  }

  @Test
  void shouldSkipOneSeqWhenAskedSoClientsSeeAGap() throws Exception {
    try (WsClient c = botSocket()) {
      c.next();
      sim.world().createPost(alice, townSquare, "a");
      assertThat(c.next().path("seq").asLong()).isEqualTo(1);
      sim.faults().skipSequence();
      sim.world().createPost(alice, townSquare, "b");
      assertThat(c.next().path("seq").asLong()).isEqualTo(3);
    }
  }

  @Test
  void shouldStopTypingAndReactionsOfOtherChannelsAfterPresence() throws Exception {
    String offTopic = sim.world().botChannelIds().get(1);
    SimPost p = sim.world().createPost(alice, townSquare, "p");
    try (WsClient c = botSocket()) {
      c.next();
      c.send("{\"seq\":1,\"action\":\"presence\",\"data\":{\"channel_id\":\"" + offTopic + "\"}}");
      assertThat(c.next().path("status").asText()).isEqualTo("OK");
      sim.world().typing(alice, townSquare, "");
      sim.world().addReaction(alice, p.id(), "eyes");
      sim.world().typing(alice, offTopic, "");
      JsonNode e = c.nextEvent();
      assertThat(e.path("event").asText()).isEqualTo("typing");
      assertThat(e.path("broadcast").path("channel_id").asText()).isEqualTo(offTopic);
    }
  }

  @Test
  void shouldBroadcastMembershipAndChannelEvents() throws Exception {
    String carol = sim.world().userIds().get(2);
    try (WsClient c = botSocket()) {
      c.next();
      String ch = sim.world().createChannel(sim.botUserId(), "new-room", 'P');
      assertThat(c.nextEvent().path("event").asText()).isEqualTo("channel_created");
      sim.world().addMember(ch, carol);
      JsonNode added = c.nextEvent();
      assertThat(added.path("event").asText()).isEqualTo("user_added");
      assertThat(added.path("data").path("user_id").asText()).isEqualTo(carol);
      sim.world().updateChannel(ch, "New Room");
      JsonNode updated = c.nextEvent();
      assertThat(parsed(updated, "channel").path("display_name").asText()).isEqualTo("New Room");
      sim.world().removeMember(ch, carol);
      assertThat(c.nextEvent().path("event").asText()).isEqualTo("user_removed");
      String dm = sim.world().createDirectChannel(sim.botUserId(), carol);
      JsonNode direct = c.nextEvent();
      assertThat(direct.path("event").asText()).isEqualTo("direct_added");
      assertThat(direct.path("broadcast").path("channel_id").asText()).isEqualTo(dm);
      sim.world().createGroupChannel(List.of(sim.botUserId(), carol, bob));
      assertThat(parsed(c.nextEvent(), "teammate_ids")).hasSize(3);
      sim.world().deleteChannel(ch);
      JsonNode deleted = c.nextEvent();
      assertThat(deleted.path("event").asText()).isEqualTo("channel_deleted");
      assertThat(deleted.path("data").path("delete_at").asLong()).isPositive();
    }
  }
}
