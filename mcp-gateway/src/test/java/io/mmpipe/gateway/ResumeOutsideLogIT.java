package io.mmpipe.gateway;

import static io.mmpipe.gateway.GatewayHarness.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resume tokens whose position is no longer in the log, on a real broker: the topic deleted and created again, and
 * records deleted below the token. Both answer a {@code reset} event, never a silent gap or replay.
 */
class ResumeOutsideLogIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  @Test
  void shouldAnswerATokenFromADeletedAndRecreatedTopicWithAResetThenTheNewTopic() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    GatewayMain first = harness.gateway(topics, Map.of());
    SseClient before = harness.events(first, "", Map.of());
    harness.publishPosts(topics, "old", 5);
    String token = take(before, 5).get(4).id();
    first.close();

    recreate(topics);
    harness.publishPosts(topics, "new", 2);
    GatewayMain second = harness.gateway(topics, Map.of());

    // a current token (with the old epoch) and a version-1 token (no epoch, offset past the new log end)
    for (String t : List.of(token, ResumeToken.encode(topics.updates().name(), new long[] {5}))) {
      SseClient resumed = harness.events(second, "", Map.of("Last-Event-ID", t));
      List<SseClient.Event> got = take(resumed, 3);
      assertThat(resumed.next(Duration.ofSeconds(1))).as("no replay after the new topic's records").isNull();
      assertThat(got).extracting(SseClient.Event::event).containsExactly("reset", "created", "created");
      JsonNode reset = ResourceUpdateJson.read(got.get(0).data());
      assertThat(reset.get("reason").asText()).isEqualTo("topic_recreated");
      assertThat(reset.get("message").asText()).contains("deleted and created again");
      assertThat(reset.get("lost").get(0).get("partition").asInt()).isZero();
      assertThat(reset.get("lost").get(0).get("from").asLong()).isEqualTo(5);
      assertThat(reset.get("lost").get(0).get("to").isNull()).isTrue();
      assertThat(reset.get("restart").get(0).get("offset").asLong()).isZero();
      assertThat(reset.get("resume_token").asText()).isEqualTo(got.get(0).id());
      assertThat(List.of(eventId(got.get(1)), eventId(got.get(2)))).containsExactly("post_new0", "post_new1");
    }
  }

  @Test
  void shouldAnswerATokenBelowTheLogStartWithAResetListingTheLostOffsets() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    harness.publishPosts(topics, "r", 10);
    GatewayMain first = harness.gateway(topics, Map.of());
    List<SseClient.Event> firstThree = take(harness.events(first, "?from=earliest", Map.of()), 3);
    assertThat(firstThree).extracting(ResumeOutsideLogIT::eventId).containsExactly("post_r0", "post_r1", "post_r2");
    String token = firstThree.get(2).id();
    first.close();

    harness.deleteUpdatesBefore(topics, 7);
    GatewayMain second = harness.gateway(topics, Map.of());
    SseClient resumed = harness.events(second, "", Map.of("Last-Event-ID", token));
    List<SseClient.Event> got = take(resumed, 4);
    assertThat(resumed.next(Duration.ofSeconds(1))).as("nothing after the last record").isNull();

    assertThat(got).extracting(SseClient.Event::event).containsExactly("reset", "created", "created", "created");
    JsonNode reset = ResourceUpdateJson.read(got.get(0).data());
    assertThat(reset.get("reason").asText()).isEqualTo("retention");
    assertThat(reset.get("lost")).hasSize(1);
    assertThat(reset.get("lost").get(0).get("from").asLong()).isEqualTo(3);
    assertThat(reset.get("lost").get(0).get("to").asLong()).isEqualTo(7);
    assertThat(reset.get("lost").get(0).get("count").asLong()).isEqualTo(4);
    assertThat(reset.get("restart").get(0).get("offset").asLong()).isEqualTo(7);
    assertThat(got.subList(1, 4)).extracting(ResumeOutsideLogIT::eventId)
        .containsExactly("post_r7", "post_r8", "post_r9");
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.port()
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("mmpipe_gateway_subscribers_reset_total").contains("reason=\"retention\"");
  }

  private static void recreate(Topics topics) throws Exception {
    try (Admin admin = Admin.create(KAFKA.kafka().clientProperties())) {
      GatewayHarness.recreate(admin, topics);
    }
  }

  private static String eventId(SseClient.Event e) {
    return ResourceUpdateJson.read(e.data()).get("event_id").asText();
  }
}
