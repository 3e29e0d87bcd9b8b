package io.mmpipe.mattermost.rest;

import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.FORBIDDEN;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.NOT_FOUND;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.PERMANENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Posts, threads, reactions and search, called on the simulator over HTTP. */
class PostsApiIT extends SimulatorClients {

  private static List<String> order(JsonNode postList) {
    List<String> ids = new ArrayList<>();
    postList.path("order").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  @Test
  void shouldCreateAPostAndAReplyAndReadTheThread() {
    JsonNode root = bot.posts().create(townSquare, "deploy at noon?", null, List.of());
    assertThat(root.path("id").asText()).hasSize(26);
    assertThat(root.path("channel_id").asText()).isEqualTo(townSquare);
    assertThat(root.path("root_id").asText()).isEmpty();
    JsonNode reply = as(alice).posts().create(townSquare, "yes", root.path("id").asText(), null);
    assertThat(reply.path("root_id").asText()).isEqualTo(root.path("id").asText());

    JsonNode thread = bot.posts().thread(reply.path("id").asText());
    assertThat(order(thread)).containsExactly(reply.path("id").asText(), root.path("id").asText());
    assertThat(bot.posts().get(root.path("id").asText()).path("reply_count").asLong()).isEqualTo(1);
  }

  @Test
  void shouldPatchAndDeleteOwnPostThenFindItGone() {
    String id = bot.posts().create(townSquare, "typo", null, null).path("id").asText();
    JsonNode edited = bot.posts().patch(id, "fixed");
    assertThat(edited.path("message").asText()).isEqualTo("fixed");
    assertThat(edited.path("edit_at").asLong()).isPositive();
    bot.posts().delete(id);
    SimulatorClients.assertFails(() -> bot.posts().get(id), NOT_FOUND, 404)
        .hasMessageContaining("app.post.get.app_error");
  }

  @Test
  void shouldRefuseToPatchOrDeleteSomeoneElsesPostAsForbidden() {
    String id = as(alice).posts().create(townSquare, "mine", null, null).path("id").asText();
    SimulatorClients.assertFails(() -> bot.posts().patch(id, "hijacked"), FORBIDDEN, 403)
        .hasMessageContaining("api.context.permissions.app_error");
    SimulatorClients.assertFails(() -> bot.posts().delete(id), FORBIDDEN, 403);
    assertThat(bot.posts().get(id).path("message").asText()).isEqualTo("mine");
  }

  @Test
  void shouldRefuseAReplyToARootOfAnotherChannel() {
    String root = bot.posts().create(townSquare, "root", null, null).path("id").asText();
    SimulatorClients.assertFails(() -> bot.posts().create(ops, "wrong place", root, null), PERMANENT, 400)
        .hasMessageContaining("root_id");
  }

  @Test
  void shouldAddAndRemoveAReactionAndSeeItOnThePost() {
    String id = as(alice).posts().create(townSquare, "ship it", null, null).path("id").asText();
    JsonNode r = bot.posts().addReaction(sim.botUserId(), id, "+1");
    assertThat(r.path("emoji_name").asText()).isEqualTo("+1");
    assertThat(bot.posts().reactionsOf(List.of(id)).get(id)).singleElement()
        .satisfies(x -> assertThat(x.path("user_id").asText()).isEqualTo(sim.botUserId()));
    bot.posts().removeReaction(sim.botUserId(), id, "+1");
    assertThat(bot.posts().reactionsOf(List.of(id)).get(id)).isEmpty();
  }

  @Test
  void shouldRefuseAReactionInSomeoneElsesName() {
    String id = bot.posts().create(townSquare, "react", null, null).path("id").asText();
    SimulatorClients.assertFails(() -> bot.posts().addReaction(alice, id, "eyes"), FORBIDDEN, 403);
    SimulatorClients.assertFails(() -> as(bob).posts().removeReaction(alice, id, "eyes"), FORBIDDEN, 403);
  }

  @Test
  void shouldPageAChannelBeforeAndAfterAPostAndReadSince() {
    String channel = channelNamed("engineering");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(bot.posts().create(channel, "n" + i, null, null).path("id").asText());
    }
    long sinceThird = bot.posts().get(ids.get(2)).path("create_at").asLong();
    assertThat(order(bot.posts().channelPosts(channel, ChannelPostsQuery.page(0, 2))))
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(order(bot.posts().channelPosts(channel, ChannelPostsQuery.before(ids.get(2), 10))))
        .startsWith(ids.get(1), ids.get(0));
    assertThat(order(bot.posts().channelPosts(channel, ChannelPostsQuery.after(ids.get(2), 10))))
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(order(bot.posts().channelPosts(channel, ChannelPostsQuery.since(sinceThird))))
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(bot.posts().since(channel, sinceThird, 0).rows()).extracting(p -> p.path("id").asText())
        .containsExactly(ids.get(4), ids.get(3));
  }

  @Test
  void shouldForbidReadingThePostsOfAPrivateChannelToANonMember() {
    SimulatorClients.assertFails(() -> as(dave).posts().channelPosts(ops, ChannelPostsQuery.page(0, 10)),
        FORBIDDEN, 403);
  }

  @Test
  void shouldSearchOnlyTheChannelsTheUserIsIn() {
    bot.posts().create(townSquare, "the zebra report is ready", null, null);
    bot.posts().create(ops, "zebra rollout in ops", null, null);
    bot.posts().create(townSquare, "unrelated", null, null);

    JsonNode found = bot.posts().search(teamId, "zebra", false, 0, 20);
    assertThat(order(found)).hasSize(2);
    found.path("posts").forEach(p -> assertThat(p.path("message").asText()).contains("zebra"));
    // dave is not in ops: only the town-square post is his to find
    assertThat(order(as(dave).posts().search(teamId, "zebra", false, 0, 20))).hasSize(1);
    assertThat(order(bot.posts().search(teamId, "zebra in:ops", false, 0, 20))).hasSize(1);
    assertThat(order(bot.posts().search(teamId, "zebra unrelated", true, 0, 20))).hasSize(3);
    SimulatorClients.assertFails(() -> bot.posts().search("no-such-team-id-000000000", "zebra", false, 0, 20),
        FORBIDDEN, 403);
  }
}
