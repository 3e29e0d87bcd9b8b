package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.SseClient;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The fan-out consumer fails on a real broker and comes back by itself: while it cannot read, {@code /health} is
 * DOWN and {@code /events} refuses new subscribers with 503 and Retry-After; afterwards delivery continues, and a
 * subscriber resuming with its token gets exactly what was written meanwhile. Each test has its own broker, because
 * one turns on ACLs and the other stops it.
 */
class FanOutRecoveryIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration LONG = Duration.ofMinutes(3);

  private static GatewayMain gateway(EmbeddedKafka kafka, Topics topics) {
    return GatewayMain.start(GatewayConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "MMPIPE_TOPIC_PREFIX", topics.prefix(), "MMPIPE_TOPIC_PARTITIONS", "3", "GATEWAY_PORT", "0",
        "SSE_KEEPALIVE", "1s", "GATEWAY_INSTANCE_ID", KafkaExtension.uniqueName("gw"))));
  }

  private static HttpResponse<String> get(GatewayMain gw, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> send(KafkaProducer<String, ResourceUpdate> p, Topics topics, String tag, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ResourceUpdate u = TestUpdates.post("c" + (i % 3), tag + i, "m");
      p.send(new ProducerRecord<>(topics.updates().name(), u.getChannelId(), u));
      ids.add(u.getEventId());
    }
    p.flush();
    return ids;
  }

  /** The next {@code n} update ids (skipping the ready event), and the id (resume token) of the last. */
  private static List<String> take(SseClient c, int n, List<String> lastToken) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    long until = System.nanoTime() + LONG.toNanos();
    while (ids.size() < n && System.nanoTime() < until) {
      SseClient.Event e = c.next(Duration.ofSeconds(1));
      if (e != null && e.event().equals("created")) {
        ids.add(ResourceUpdateJson.read(e.data()).get("event_id").asText());
        lastToken.add(e.id());
      }
    }
    return ids;
  }

  private static SseClient subscribe(GatewayMain gw, Map<String, String> headers) throws Exception {
    SseClient c = SseClient.connect("http://127.0.0.1:" + gw.port() + "/events", headers);
    SseClient.Event ready = c.next(Duration.ofSeconds(30));
    assertThat(ready).isNotNull();
    assertThat(ready.event()).isEqualTo("ready");
    return c;
  }

  @Test
  void shouldReportDownRefuseSubscribersAndRecoverWithoutLossWhenTheBrokerRefusesReads() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null, Map.of(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found", "true"))) {
      Topics topics = kafka.createTopics(new Topics(KafkaExtension.uniqueName("t") + "."), 3);
      String topic = topics.updates().name();
      Admin admin = kafka.admin();
      ResourcePattern onTopic = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
      AclBinding allowAll = new AclBinding(onTopic,
          new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.ALL, AclPermissionType.ALLOW));
      AclBinding denyRead = new AclBinding(onTopic,
          new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
      admin.createAcls(List.of(allowAll)).all().get();
      try (GatewayMain gw = gateway(kafka, topics);
           KafkaProducer<String, ResourceUpdate> producer = new KafkaProducer<>(
               Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
               topics.updates().keySerde().serializer(), topics.updates().valueSerde().serializer());
           SseClient before = subscribe(gw, Map.of())) {
        await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);
        List<String> first = send(producer, topics, "before-", 6);
        List<String> tokens = new ArrayList<>();
        assertThat(take(before, 6, tokens)).containsExactlyInAnyOrderElementsOf(first);
        String token = tokens.getLast();

        admin.createAcls(List.of(denyRead)).all().get(); // the fan-out consumer's fetches now fail
        await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 503);
        HttpResponse<String> health = get(gw, "/health");
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("TopicAuthorizationException");
        HttpResponse<String> refused = get(gw, "/events");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body()).contains("\"error\":\"stream_unavailable\"").doesNotContain("at io.");
        List<String> during = send(producer, topics, "during-", 9); // writes still work: only reads are refused

        admin.deleteAcls(List.of(denyRead.toFilter())).all().get();
        await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);
        assertThat(get(gw, "/metrics").body()).containsPattern("mmpipe_gateway_consumer_restarts\\{[^}]*} [1-9]");

        // the subscriber that stayed connected continues; one resuming from its token gets the same, once each
        assertThat(take(before, 9, new ArrayList<>())).containsExactlyInAnyOrderElementsOf(during);
        try (SseClient resumed = subscribe(gw, Map.of("Last-Event-ID", token))) {
          List<String> got = take(resumed, 9, new ArrayList<>());
          assertThat(got).containsExactlyInAnyOrderElementsOf(during);
          List<String> after = send(producer, topics, "after-", 3);
          assertThat(take(resumed, 3, new ArrayList<>())).containsExactlyInAnyOrderElementsOf(after);
          assertThat(resumed.next(Duration.ofMillis(500))).matches(e -> e == null || !e.event().equals("created"));
        }
      }
    }
  }

  @Test
  void shouldReportDownAndRefuseSubscribersWhileTheBrokerIsGone() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Topics topics = kafka.createTopics(new Topics(KafkaExtension.uniqueName("t") + "."), 3);
    try (GatewayMain gw = gateway(kafka, topics)) {
      await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 200);
      subscribe(gw, Map.of()).close();
      kafka.close(); // a group-less consumer's poll does not fail on this: only the probe notices
      await().atMost(LONG).until(() -> get(gw, "/health").statusCode() == 503);
      assertThat(get(gw, "/health").body()).contains("\"kafka\":{\"status\":\"DOWN\"");
      HttpResponse<String> refused = get(gw, "/events");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    } finally {
      kafka.close();
    }
  }
}
