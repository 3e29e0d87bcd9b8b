package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.TopicEpoch;
import io.mmpipe.schemas.Topics;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out consumer is held out of {@code mm.updates} (its reads refused, as in a long outage) while the log
 * changes under it: records it had not read are deleted, or the topic is deleted and created again. When it reads
 * again, a subscriber that stayed connected gets an explicit {@code reset} (what was lost, where the stream restarts)
 * and then the rest, never a silent jump; after a recreation, tokens carry the new topic's epoch.
 */
class FanOutResetIT {

  private static final Logger log = LoggerFactory.getLogger(FanOutResetIT.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration LONG = Duration.ofMinutes(3);
  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start(null, Map.of(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found", "true"));
    admin = kafka.admin();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldResetALiveSubscriberWithTheLostRangeWhenRetentionDeletedWhatTheFanOutHadNotRead() throws Exception {
    Topics topics = topics();
    try (GatewayMain gw = gateway(topics); KafkaProducer<String, byte[]> producer = producer();
         SseClient live = subscribe(gw, Map.of())) {
      List<String> before = publish(producer, topics, "a", 5); // offsets 0-4
      assertThat(createdIds(take(live, 5))).containsExactlyElementsOf(before);

      AclBinding deny = denyReads(gw, topics);
      publish(producer, topics, "b", 10); // offsets 5-14, never read by the fan-out
      admin.deleteRecords(Map.of(new TopicPartition(topics.updates().name(), 0), RecordsToDelete.beforeOffset(12)))
          .all().get();
      admin.deleteAcls(List.of(deny.toFilter())).all().get();
      await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);

      List<SseClient.Event> got = take(live, 4);
      assertThat(got).extracting(SseClient.Event::event).containsExactly("reset", "created", "created", "created");
      JsonNode reset = ResourceUpdateJson.read(got.get(0).data());
      log.info("live subscriber after the retention outage: reset {}", reset);
      assertThat(reset.get("reason").asText()).isEqualTo("retention");
      assertThat(reset.get("lost")).hasSize(1);
      assertThat(reset.get("lost").get(0).get("from").asLong()).isEqualTo(5);
      assertThat(reset.get("lost").get(0).get("to").asLong()).isEqualTo(12);
      assertThat(reset.get("lost").get(0).get("count").asLong()).isEqualTo(7);
      assertThat(reset.get("restart").get(0).get("offset").asLong()).isEqualTo(12);
      assertThat(reset.get("resume_token").asText()).isEqualTo(got.get(0).id());
      assertThat(createdIds(got.subList(1, 4))).containsExactly("post_b7", "post_b8", "post_b9");

      List<String> after = publish(producer, topics, "c", 2);
      assertThat(createdIds(take(live, 2))).containsExactlyElementsOf(after);
      // a token from inside the lost range is not vouched for by the ring: it gets its own reset
      try (SseClient resumed = subscribe(gw, Map.of("Last-Event-ID",
          ResumeToken.encode(topics.updates().name(), epochOf(topics), new long[] {8})))) {
        List<SseClient.Event> again = take(resumed, 6);
        assertThat(again).extracting(SseClient.Event::event).first().isEqualTo("reset");
        assertThat(ResourceUpdateJson.read(again.get(0).data()).get("lost").get(0).get("from").asLong())
            .isEqualTo(8);
        assertThat(createdIds(again.subList(1, 6))).containsExactly("post_b7", "post_b8", "post_b9", "post_c0",
            "post_c1");
      }
    }
  }

  @Test
  void shouldResetALiveSubscriberAndIssueNewEpochTokensWhenTheTopicWasRecreatedDuringTheOutage() throws Exception {
    Topics topics = topics();
    String topic = topics.updates().name();
    try (GatewayMain gw = gateway(topics); KafkaProducer<String, byte[]> producer = producer();
         SseClient live = subscribe(gw, Map.of())) {
      int oldEpoch = epochOf(topics);
      List<String> before = publish(producer, topics, "old", 5); // offsets 0-4 of the old topic
      List<SseClient.Event> first = take(live, 5);
      assertThat(createdIds(first)).containsExactlyElementsOf(before);
      assertThat(ResumeToken.read(topic, first.get(4).id(), 1).epoch()).isEqualTo(oldEpoch);

      AclBinding deny = denyReads(gw, topics);
      GatewayHarness.recreate(admin, topics);
      int newEpoch = epochOf(topics);
      assertThat(newEpoch).isNotEqualTo(oldEpoch);
      // more records than the old position: offset 5 is inside the new log, only the epoch tells them apart
      List<String> fresh = publish(producer, topics, "new", 7);
      admin.deleteAcls(List.of(deny.toFilter())).all().get();
      await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);

      List<SseClient.Event> got = take(live, 8);
      assertThat(got).extracting(SseClient.Event::event).first().isEqualTo("reset");
      JsonNode reset = ResourceUpdateJson.read(got.get(0).data());
      log.info("live subscriber after the recreation: reset {}", reset);
      assertThat(reset.get("reason").asText()).isEqualTo("topic_recreated");
      assertThat(reset.get("lost").get(0).get("from").asLong()).isEqualTo(5);
      assertThat(reset.get("lost").get(0).get("to").isNull()).isTrue();
      assertThat(reset.get("restart").get(0).get("offset").asLong()).isZero();
      assertThat(createdIds(got.subList(1, 8))).as("the whole new topic, nothing skipped")
          .containsExactlyElementsOf(fresh);
      for (SseClient.Event e : got) {
        assertThat(ResumeToken.read(topic, e.id(), 1).epoch()).as("tokens after the reset").isEqualTo(newEpoch);
      }

      // the new tokens resume exactly; an old one is recognised as from the old topic
      List<String> later = publish(producer, topics, "later", 2);
      assertThat(createdIds(take(live, 2))).containsExactlyElementsOf(later);
      try (SseClient resumed = subscribe(gw, Map.of("Last-Event-ID", got.get(7).id()))) {
        assertThat(createdIds(take(resumed, 2))).containsExactlyElementsOf(later);
      }
      try (SseClient old = subscribe(gw, Map.of("Last-Event-ID", first.get(4).id()))) {
        List<SseClient.Event> again = take(old, 1);
        assertThat(again).extracting(SseClient.Event::event).containsExactly("reset");
        assertThat(ResourceUpdateJson.read(again.get(0).data()).get("reason").asText()).isEqualTo("topic_recreated");
      }
    }
  }

  /** A fresh mm.updates with one partition; everything allowed on it (one ACL turns the authorizer on for it). */
  private static Topics topics() throws Exception {
    Topics topics = kafka.createTopics(new Topics(KafkaExtension.uniqueName("t") + "."), 1);
    admin.createAcls(List.of(new AclBinding(pattern(topics),
        new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.ALL, AclPermissionType.ALLOW)))).all().get();
    return topics;
  }

  private static ResourcePattern pattern(Topics topics) {
    return new ResourcePattern(ResourceType.TOPIC, topics.updates().name(), PatternType.LITERAL);
  }

  private static GatewayMain gateway(Topics topics) {
    return GatewayMain.start(GatewayConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "MMPIPE_TOPIC_PREFIX", topics.prefix(), "MMPIPE_TOPIC_PARTITIONS", "1", "GATEWAY_PORT", "0",
        "SSE_KEEPALIVE", "1s", "GATEWAY_INSTANCE_ID", KafkaExtension.uniqueName("gw"))));
  }

  /** Refuses every read of the topic (the fan-out consumer fails and keeps being replaced); waits for DOWN. */
  private static AclBinding denyReads(GatewayMain gw, Topics topics) throws Exception {
    AclBinding deny = new AclBinding(pattern(topics),
        new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
    admin.createAcls(List.of(deny)).all().get();
    await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 503);
    return deny;
  }

  private static int epochOf(Topics topics) throws Exception {
    String name = topics.updates().name();
    return TopicEpoch.of(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).topicId());
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
        new StringSerializer(), (t, b) -> b);
  }

  /** Publishes posts {@code <prefix>0..n-1} on channel c1 and waits until they are written; their event ids. */
  private static List<String> publish(KafkaProducer<String, byte[]> p, Topics topics, String prefix, int n)
      throws Exception {
    List<String> ids = new ArrayList<>();
    var serializer = topics.updates().valueSerde().serializer();
    for (int i = 0; i < n; i++) {
      var u = TestUpdates.post("c1", prefix + i, "m");
      p.send(new ProducerRecord<>(topics.updates().name(), "c1", serializer.serialize(topics.updates().name(), u)))
          .get();
      ids.add(u.getEventId());
    }
    return ids;
  }

  private static SseClient subscribe(GatewayMain gw, Map<String, String> headers) throws Exception {
    await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);
    SseClient c = SseClient.connect("http://127.0.0.1:" + gw.port() + "/events", headers);
    SseClient.Event ready = c.next(Duration.ofSeconds(30));
    assertThat(ready).isNotNull();
    assertThat(ready.event()).isEqualTo("ready");
    return c;
  }

  private static List<SseClient.Event> take(SseClient c, int n) throws InterruptedException {
    return GatewayHarness.take(c, n);
  }

  private static List<String> createdIds(List<SseClient.Event> events) {
    return events.stream().filter(e -> e.event().equals("created"))
        .map(e -> ResourceUpdateJson.read(e.data()).get("event_id").asText()).toList();
  }

  private static HttpResponse<String> get(GatewayMain gw, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
