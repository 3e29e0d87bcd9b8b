package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calls the gateway's tools make go through the same policy as the ingestor's reads: a 429 or 503 from the
 * simulator is waited out and retried, and a server that keeps failing is given up on with a retriable error.
 */
class WritePolicyIT extends SimulatorClients {

  private List<String> messages(String channelId) {
    List<String> out = new ArrayList<>();
    JsonNode list = bot.posts().channelPosts(channelId, ChannelPostsQuery.page(0, 200));
    list.path("order").forEach(id -> out.add(list.path("posts").path(id.asText()).path("message").asText()));
    return out;
  }

  @Test
  void shouldRetryAWriteThroughRateLimitingAndCreateItOnce() {
    sim.faults().failRest(429, 2, Duration.ZERO);
    JsonNode post = bot.posts().create(townSquare, "after the rate limit", null, null);
    assertThat(post.path("message").asText()).isEqualTo("after the rate limit");
    assertThat(messages(townSquare)).containsOnlyOnce("after the rate limit");
  }

  @Test
  void shouldRetryAnUploadAndAReactionThroughAServerError() {
    sim.faults().failRest(503, 1, Duration.ZERO);
    JsonNode info = bot.files().upload(townSquare, "a.txt", "text/plain", new byte[] {42});
    assertThat(info.path("size").asLong()).isEqualTo(1);
    String postId = bot.posts().create(townSquare, "react to me", null, null).path("id").asText();
    sim.faults().failRest(502, 1, Duration.ZERO);
    assertThat(bot.posts().addReaction(sim.botUserId(), postId, "eyes").path("emoji_name").asText())
        .isEqualTo("eyes");
  }

  @Test
  void shouldGiveUpOnAServerThatKeepsFailingWithARetriableError() {
    // the policy of these clients makes 3 attempts: all three fail, nothing is left over for the next test
    sim.faults().failRest(503, 3, Duration.ZERO);
    SimulatorClients.assertFails(() -> bot.channels().create(new NewChannel(teamId, "never-made", "Never", 'O',
        null, null)), MattermostApiException.Kind.RETRIABLE, 503);
    assertThat(bot.channels().myChannels(teamId)).extracting(ChannelInfo::name).doesNotContain("never-made");
  }
}
