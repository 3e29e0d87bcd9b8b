package io.mmpipe.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.ws.WsEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** thread_updated to the followers of a thread, and multiple_channels_viewed on a channel view. */
class ThreadsTest extends SeededWorld {

  static final ObjectMapper JSON = new ObjectMapper();

  String carol;
  String dave;

  @BeforeEach
  void moreUsers() {
    carol = world.userIds().get(2);
    dave = world.userIds().get(3);
  }

  /** The thread_updated events since the last clear, by receiving user, thread parsed from its JSON string. */
  private Map<String, JsonNode> threadUpdates() throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (WsEvent e : events) {
      if (e.event().equals("thread_updated")) {
        Object thread = e.data().get("thread");
        assertThat(thread).as("thread is a JSON string").isInstanceOf(String.class);
        assertThat(e.broadcast().teamId()).isEqualTo(world.teamId());
        assertThat(out.put(e.broadcast().userId(), JSON.readTree((String) thread))).as("one copy per follower")
            .isNull();
      }
    }
    return out;
  }

  @Test
  void shouldSendThreadUpdatedToRootAuthorRepliersAndMentionedUsersWhenAReplyIsPosted() throws Exception {
    SimPost root = world.createPost(alice, townSquare, "deploy window tonight?");
    events.clear();
    SimPost reply = world.createReply(bob, root.id(), "fine by me, @carol can you watch the alerts?");
    assertThat(events.get(0).event()).as("posted comes first").isEqualTo("posted");
    Map<String, JsonNode> updates = threadUpdates();
    assertThat(updates.keySet()).containsExactlyInAnyOrder(alice, bob, carol).doesNotContain(dave);
    JsonNode forAlice = updates.get(alice);
    assertThat(forAlice.path("id").asText()).isEqualTo(root.id());
    assertThat(forAlice.path("reply_count").asLong()).isEqualTo(1);
    assertThat(forAlice.path("last_reply_at").asLong()).isEqualTo(reply.createAt());
    assertThat(forAlice.path("post").path("id").asText()).isEqualTo(root.id());
    assertThat(forAlice.path("participants")).extracting(p -> p.path("id").asText()).containsExactly(bob);
    assertThat(forAlice.path("is_urgent").asBoolean()).isFalse();
    assertThat(forAlice.path("unread_replies").asInt()).isEqualTo(1);
    assertThat(forAlice.path("unread_mentions").asInt()).isZero();
    assertThat(forAlice.path("last_viewed_at").asLong()).isEqualTo(root.createAt());
    // the replier has read their own reply; the mentioned user has an unread mention
    assertThat(updates.get(bob).path("unread_replies").asInt()).isZero();
    assertThat(updates.get(bob).path("last_viewed_at").asLong()).isEqualTo(reply.createAt());
    assertThat(updates.get(carol).path("unread_replies").asInt()).isEqualTo(1);
    assertThat(updates.get(carol).path("unread_mentions").asInt()).isEqualTo(1);
  }

  @Test
  void shouldSendThreadUpdatedWhenAReplyIsEditedOrDeleted() throws Exception {
    SimPost root = world.createPost(alice, townSquare, "root");
    SimPost reply = world.createReply(bob, root.id(), "first");
    events.clear();
    world.editPost(reply.id(), "first, edited");
    assertThat(threadUpdates().keySet()).containsExactlyInAnyOrder(alice, bob);
    events.clear();
    world.deletePost(reply.id());
    Map<String, JsonNode> afterDelete = threadUpdates();
    assertThat(afterDelete.keySet()).containsExactlyInAnyOrder(alice, bob);
    assertThat(afterDelete.get(alice).path("reply_count").asLong()).isZero();
    assertThat(afterDelete.get(alice).path("unread_replies").asInt()).as("a deleted reply is not unread").isZero();
  }

  @Test
  void shouldSendNoThreadUpdatedForRootChangesOrADeletedThread() throws Exception {
    SimPost root = world.createPost(alice, townSquare, "root for @bob");
    world.editPost(root.id(), "root edited");
    world.createReply(bob, root.id(), "reply");
    events.clear();
    world.deletePost(root.id());
    assertThat(threadUpdates()).isEmpty();
  }

  @Test
  void shouldLetTheBotFollowAThreadItIsMentionedIn() throws Exception {
    SimPost root = world.createPost(alice, townSquare, "root");
    events.clear();
    world.createReply(bob, root.id(), "@mmpipe-bot please track this");
    assertThat(threadUpdates()).containsKey(world.botUserId());
    events.clear();
    world.createReply(carol, root.id(), "me too");
    assertThat(threadUpdates().keySet()).as("following lasts")
        .containsExactlyInAnyOrder(alice, bob, carol, world.botUserId());
  }

  @Test
  void shouldSendMultipleChannelsViewedToTheViewerOnlyAndChangeNoPost() {
    world.createPost(alice, townSquare, "something to read");
    List<SimChange> before = world.changes();
    events.clear();
    world.viewChannel(bob, townSquare);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.event()).isEqualTo("multiple_channels_viewed");
      assertThat(e.broadcast().userId()).isEqualTo(bob);
      assertThat(e.data().get("channel_times")).isInstanceOf(Map.class);
      long viewedAt = ((Number) ((Map<?, ?>) e.data().get("channel_times")).get(townSquare)).longValue();
      assertThat(viewedAt).isEqualTo(world.read(s -> s.lastViewedAt(townSquare, bob))).isPositive();
      assertThat(e.dataJson()).contains("\"channel_times\":{\"" + townSquare + "\":" + viewedAt + "}");
    });
    assertThat(world.changes()).isEqualTo(before);
    String ops = world.botChannelIds().get(3);
    Assertions.assertThatThrownBy(() -> world.viewChannel(dave, ops)).isInstanceOf(ApiException.class);
  }

  @Test
  void shouldBuildNoThreadUpdatedForAFollowerTheSinkCannotReach() {
    List<WsEvent> sent = new java.util.ArrayList<>();
    LockedWorld connectedFew = new LockedWorld(42, false, new io.mmpipe.sim.model.SimClock(() -> 1_000_000),
        new io.mmpipe.sim.ws.EventSink() {
          @Override
          public void publish(WsEvent e) {
            sent.add(e);
          }

          @Override
          public boolean reaches(String userId) {
            return !userId.equals(carol); // carol has no connection
          }
        });
    SimPost root = connectedFew.createPost(alice, townSquare, "deploy window tonight?");
    connectedFew.createReply(bob, root.id(), "fine by me, @carol can you watch the alerts?");
    assertThat(sent).filteredOn(e -> e.event().equals("thread_updated"))
        .extracting(e -> e.broadcast().userId()).containsExactlyInAnyOrder(alice, bob);
  }
}
