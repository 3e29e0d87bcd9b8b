package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** thread_updated and multiple_channels_viewed as the bot's socket receives them. */
class ThreadAndViewEventsIT extends FreshSimulator {

  @Test
  void shouldSendThreadUpdatedToTheBotOnlyForThreadsItFollows() throws Exception {
    try (WsClient ws = botSocket()) {
      ws.next();
      SimPost notFollowed = sim.world().createPost(alice, townSquare, "lunch?");
      sim.world().createReply(bob, notFollowed.id(), "yes");
      SimPost followed = sim.world().createPost(sim.botUserId(), townSquare, "nightly import finished");
      SimPost reply = sim.world().createReply(alice, followed.id(), "thanks, @bob please check the totals");
      assertThat(ws.nextEvent().path("event").asText()).isEqualTo("posted");
      assertThat(ws.nextEvent().path("event").asText()).as("no thread_updated for a thread the bot does not follow")
          .isEqualTo("posted");
      assertThat(ws.nextEvent().path("event").asText()).isEqualTo("posted");
      assertThat(ws.nextEvent().path("event").asText()).isEqualTo("posted");
      JsonNode update = ws.nextEvent();
      assertThat(update.path("event").asText()).isEqualTo("thread_updated");
      assertThat(update.path("broadcast").path("user_id").asText()).isEqualTo(sim.botUserId());
      assertThat(update.path("broadcast").path("team_id").asText()).isEqualTo(sim.world().teamId());
      assertThat(update.path("data").path("thread").isTextual()).as("thread is a JSON string").isTrue();
      JsonNode thread = WsClient.JSON.readTree(update.path("data").path("thread").asText());
      assertThat(thread.path("id").asText()).isEqualTo(followed.id());
      assertThat(thread.path("reply_count").asLong()).isEqualTo(1);
      assertThat(thread.path("last_reply_at").asLong()).isEqualTo(reply.createAt());
      assertThat(thread.path("unread_replies").asInt()).isEqualTo(1);
      assertThat(thread.path("participants").get(0).path("id").asText()).isEqualTo(alice);
      assertThat(thread.path("post").path("message").asText()).isEqualTo("nightly import finished");
      assertThat(update.path("seq").asLong()).as("thread_updated takes a seq like any event").isEqualTo(5);
    }
  }

  @Test
  void shouldSendMultipleChannelsViewedWhenTheBotViewsAChannelOverRest() throws Exception {
    try (WsClient ws = botSocket()) {
      ws.next();
      HttpResponse<String> r = new SimRestClient(sim, sim.botToken())
          .post("/api/v4/channels/members/me/view", "{\"channel_id\":\"" + townSquare + "\",\"prev_channel_id\":\"\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = WsClient.JSON.readTree(r.body());
      assertThat(body.path("status").asText()).isEqualTo("OK");
      long viewedAt = body.path("last_viewed_at_times").path(townSquare).asLong();
      assertThat(viewedAt).isPositive();
      JsonNode viewed = ws.nextEvent();
      assertThat(viewed.path("event").asText()).isEqualTo("multiple_channels_viewed");
      assertThat(viewed.path("broadcast").path("user_id").asText()).isEqualTo(sim.botUserId());
      assertThat(viewed.path("data").path("channel_times").isObject()).isTrue();
      assertThat(viewed.path("data").path("channel_times").path(townSquare).asLong()).isEqualTo(viewedAt);
      HttpResponse<String> other = new SimRestClient(sim, sim.botToken())
          .post("/api/v4/channels/members/" + alice + "/view", "{\"channel_id\":\"" + townSquare + "\"}");
      assertThat(other.statusCode()).as("nobody views channels for someone else").isEqualTo(403);
    }
  }
}
