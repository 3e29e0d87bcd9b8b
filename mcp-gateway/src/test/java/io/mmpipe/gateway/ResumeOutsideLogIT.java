package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resume tokens whose position is no longer in the log, on a real broker: the topic deleted and created again, and
 * records deleted below the token. Both answer a {@code reset} event, never a silent gap or replay.
 */
class ResumeOutsideLogIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() {
    harness.close();
  }

  @Test
  void shouldAnswerATokenFromADeletedAndRecreatedTopicWithAResetThenTheNewTopic() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    String name = topics.updates().name();
    GatewayMain first = harness.gateway(topics, Map.of());
    SseClient before = open(first, Map.of());
    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    for (int i = 0; i < 5; i++) {
      GatewayHarness.send(p, topics, TestUpdates.post("c1", "old" + i, "m"));
    }
    p.flush();
    List<SseClient.Event> old = take(before, 5);
    String token = old.get(4).id();
    first.close();

    recreate(topics);
    GatewayHarness.publish(p, topics, TestUpdates.post("c1", "new0", "m"));
    GatewayHarness.publish(p, topics, TestUpdates.post("c1", "new1", "m"));
    GatewayMain second = harness.gateway(topics, Map.of());

    // a current token (with the old epoch) and a version-1 token (no epoch, offset past the new log end)
    for (String t : List.of(token, ResumeToken.encode(name, new long[] {5}))) {
      SseClient resumed = open(second, Map.of("Last-Event-ID", t));
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
    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    for (int i = 0; i < 10; i++) {
      GatewayHarness.send(p, topics, TestUpdates.post("c1", "r" + i, "m"));
    }
    p.flush();
    GatewayMain first = harness.gateway(topics, Map.of());
    List<SseClient.Event> firstThree = take(open(first, Map.of(), "?from=earliest"), 3);
    assertThat(firstThree).extracting(ResumeOutsideLogIT::eventId).containsExactly("post_r0", "post_r1", "post_r2");
    String token = firstThree.get(2).id();
    first.close();

    // what retention does when segments expire: the log start moves past records the token has not read
    try (Admin admin = Admin.create(KAFKA.kafka().clientProperties())) {
      admin.deleteRecords(Map.of(new TopicPartition(topics.updates().name(), 0), RecordsToDelete.beforeOffset(7)))
          .all().get();
    }
    GatewayMain second = harness.gateway(topics, Map.of());
    SseClient resumed = open(second, Map.of("Last-Event-ID", token));
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
    assertThat(get(second, "/metrics")).contains("mmpipe_gateway_subscribers_reset_total")
        .contains("reason=\"retention\"");
  }

  private static void recreate(Topics topics) throws Exception {
    String name = topics.updates().name();
    try (Admin admin = Admin.create(KAFKA.kafka().clientProperties())) {
      admin.deleteTopics(List.of(name)).all().get();
      await().atMost(Duration.ofSeconds(60)).until(() -> !admin.listTopics().names().get().contains(name));
      await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(TopicExistsException.class).until(() -> {
        try {
          admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(topics.updates().configs())))
              .all().get();
          return true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException t) {
            throw t; // the deletion is still being applied
          }
          throw e;
        }
      });
    }
  }

  private SseClient open(GatewayMain gw, Map<String, String> headers) throws Exception {
    return open(gw, headers, "");
  }

  private SseClient open(GatewayMain gw, Map<String, String> headers, String query) throws Exception {
    SseClient c = harness.track(SseClient.connect("http://127.0.0.1:" + gw.port() + "/events" + query, headers));
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.next(Duration.ofSeconds(30)).event()).isEqualTo("ready");
    return c;
  }

  private static List<SseClient.Event> take(SseClient c, int n) throws InterruptedException {
    List<SseClient.Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      SseClient.Event e = c.next(Duration.ofSeconds(1));
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static String eventId(SseClient.Event e) {
    return ResourceUpdateJson.read(e.data()).get("event_id").asText();
  }

  private static String get(GatewayMain gw, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
