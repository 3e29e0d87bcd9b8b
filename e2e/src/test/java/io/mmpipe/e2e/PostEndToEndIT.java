package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.devkit.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system (real broker, real Redis, simulator, ingestor, processor, gateway): a post made through the
 * simulator's REST API reaches an SSE subscriber once, though the ingestor sees it twice (WebSocket and polling).
 */
class PostEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static DemoStack stack;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startStack() {
    stack = TestStacks.start("e2e", Map.of("POLLING_INTERVAL", "1"));
  }

  @AfterAll
  static void stopStack() {
    TestStacks.stop(stack);
  }

  private URI gateway(String path) {
    return URI.create("http://127.0.0.1:" + stack.gatewayPort() + path);
  }

  private JsonNode restAs(String userId, String method, String path, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(stack.mattermostUrl() + path))
        .header("Authorization", "Bearer " + stack.sim().world().tokenOf(userId))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as("%s %s: %s", method, path, resp.body()).isBetween(200, 299);
    return JSON.readTree(resp.body());
  }

  private static JsonNode data(SseClient.Event e) {
    try {
      return JSON.readTree(e.data());
    } catch (IOException ex) {
      throw new AssertionError("SSE data is not JSON: " + e.data(), ex);
    }
  }

  @Test
  void shouldDeliverAPostMadeInMattermostToAnSseClientExactlyOnceThoughSeenByWebSocketAndPolling()
      throws Exception {
    var world = stack.sim().world();
    String alice = world.userIds().getFirst();
    String channel = world.botChannelIds().getFirst();

    try (SseClient sse = SseClient.connect(gateway("/events"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sse.status() != null);
      assertThat(sse.status()).isEqualTo(200);

      JsonNode post = restAs(alice, "POST", "/api/v4/posts",
          JSON.writeValueAsString(Map.of("channel_id", channel, "message", "hello from the e2e test")));
      String postId = post.get("id").asText();

      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events(e -> isCreatedOf(e, postId)).isEmpty());
      SseClient.Event created = sse.events(e -> isCreatedOf(e, postId)).getFirst();
      JsonNode update = data(created);
      assertThat(created.id()).as("every event carries a resume id").isNotBlank();
      assertThat(update.get("resource_uri").asText()).isEqualTo("mattermost://new_channel_posts");
      assertThat(update.get("update_type").asText()).isEqualTo("created");
      assertThat(update.get("event_id").asText()).isEqualTo("post_" + postId);
      assertThat(update.at("/data/post/id").asText()).isEqualTo(postId);
      assertThat(update.at("/data/post/message").asText()).isEqualTo("hello from the e2e test");
      assertThat(update.at("/data/post/channel_id").asText()).isEqualTo(channel);
      assertThat(update.at("/data/channel_id").asText()).isEqualTo(channel);
      assertThat(update.at("/data/user_id").asText()).isEqualTo(alice);
      assertThat(update.at("/data/team_id").asText()).isEqualTo(world.teamId());
      assertThat(update.get("timestamp").isNumber()).isTrue();

      // The ingestor saw the post twice: over the WebSocket and by polling.
      Set<Source> sources = rawSourcesOf(postId, Duration.ofSeconds(60));
      assertThat(sources).containsExactlyInAnyOrder(Source.WEBSOCKET, Source.POLL);

      // A later post in the same channel (same partition, so processed after both copies) marks "everything
      // before it has been processed": by then the first post must still have been delivered exactly once.
      String marker = restAs(alice, "POST", "/api/v4/posts",
          JSON.writeValueAsString(Map.of("channel_id", channel, "message", "marker"))).get("id").asText();
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events(e -> isCreatedOf(e, marker)).isEmpty());
      assertThat(sse.events(e -> isCreatedOf(e, postId))).hasSize(1);

      // And a reaction to it arrives as reaction_added.
      String bob = world.userIds().get(1);
      restAs(bob, "POST", "/api/v4/reactions",
          JSON.writeValueAsString(Map.of("user_id", bob, "post_id", postId, "emoji_name", "eyes")));
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events(e -> "reaction_added".equals(e.event())
          && postId.equals(data(e).at("/data/post_id").asText())).isEmpty());
      JsonNode reaction = data(sse.events(e -> "reaction_added".equals(e.event())
          && postId.equals(data(e).at("/data/post_id").asText())).getFirst());
      assertThat(reaction.get("resource_uri").asText()).isEqualTo("mattermost://reactions");
      assertThat(reaction.at("/data/emoji_name").asText()).isEqualTo("eyes");
      assertThat(reaction.at("/data/user_id").asText()).isEqualTo(bob);
      assertThat(reaction.at("/data/reaction/emoji_name").asText()).isEqualTo("eyes");

      // The demo's analytics job counted the channel's activity, and the gateway serves it (analytics/README.md):
      // the channel's hour holds at least the two posts and the reaction, the reaction among its top emojis.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> a = HTTP.send(HttpRequest.newBuilder(gateway("/v1/analytics/channels/" + channel))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        JsonNode hour = JSON.readTree(a.body()).get("hour");
        assertThat(hour.get("messages").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(hour.get("top_reactions").findValuesAsText("emoji_name")).contains("eyes");
      });
    }
  }

  private static boolean isCreatedOf(SseClient.Event e, String postId) {
    return "created".equals(e.event()) && postId.equals(data(e).at("/data/post/id").asText());
  }

  private Set<Source> rawSourcesOf(String postId, Duration atMost) {
    Set<Source> seen = ConcurrentHashMap.newKeySet();
    try (var reader = TopicReader.keeping(stack.kafka().bootstrapServers(), stack.topics().rawEvents())) {
      await().atMost(atMost).until(() -> {
        for (RawEvent ev : reader.values()) {
          if (ev.getPayload() instanceof PostPayload p && postId.equals(p.getPost().getId())) {
            seen.add(ev.getSource());
          }
        }
        return seen.size() == 2;
      });
    }
    return seen;
  }
}
