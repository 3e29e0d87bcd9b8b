package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /ws} on a real broker: the same stream as SSE, exact resume anywhere, and starting by time. */
class WsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  static List<String> eventIds(List<JsonNode> updates) {
    return updates.stream().map(u -> u.path("update").path("event_id").asText()).toList();
  }

  static List<String> tokens(List<JsonNode> updates) {
    return updates.stream().map(u -> u.path("resume_token").asText()).toList();
  }

  static JsonNode subscribe(WsClient c, String id, String fields) throws Exception {
    String extra = fields.isEmpty() ? "" : "," + fields;
    c.send("{\"command\":\"subscribe\",\"id\":\"" + id + "\"" + extra + "}");
    JsonNode answer = c.await(m -> m.path("id").asText().equals(id));
    assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("subscribed");
    return answer;
  }

  private WsClient ws(GatewayMain gw) throws Exception {
    return harness.track(WsClient.connect(gw.port()));
  }

  @Test
  void shouldDeliverTheSameUpdatesAndTokensAsSseForTheSameFilter() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = harness.gateway(topics, Map.of());
    SseClient sse = harness.events(gw, "?channel_id=c1,c3&type=created", Map.of());
    WsClient ws = ws(gw);
    JsonNode sub = subscribe(ws, "c1", "\"channel_ids\":[\"c1\",\"c3\"],\"types\":[\"created\"]");
    assertThat(sub.path("subscription_id").asText()).isEqualTo("s1");

    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    for (int i = 0; i < 60; i++) {
      String channel = "c" + (i % 4);
      GatewayHarness.send(p, topics, i % 5 == 0 ? TestUpdates.reaction(channel, "p" + i, "smile")
          : TestUpdates.post(channel, "p" + i, "m" + i));
    }
    p.flush();
    // c1 and c3 are half the 60, minus the reactions among them (i % 5 == 0): 24 posts
    List<SseClient.Event> fromSse = GatewayHarness.take(sse, 24);
    List<JsonNode> fromWs = ws.updates(24);
    assertThat(fromWs).hasSize(24);
    assertThat(eventIds(fromWs)).isEqualTo(fromSse.stream()
        .map(e -> ResourceUpdateJson.read(e.data()).get("event_id").asText()).toList());
    assertThat(tokens(fromWs)).isEqualTo(fromSse.stream().map(SseClient.Event::id).toList());
    assertThat(fromWs).allSatisfy(u -> {
      assertThat(u.path("subscription_id").asText()).isEqualTo("s1");
      assertThat(u.path("update").path("update_type").asText()).isEqualTo("created");
    });
    assertThat(sse.next(Duration.ofSeconds(1))).isNull();
    assertThat(ws.next(Duration.ofMillis(500))).isNull();
  }

  @Test
  void shouldResumeOnAnotherInstanceAndAfterARestartWithExactlyWhatANeverDroppedClientGot() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = harness.gateway(topics, Map.of());
    GatewayMain b = harness.gateway(topics, Map.of());
    WsClient steady = ws(a);
    subscribe(steady, "all", "");
    WsClient dropping = ws(a);
    subscribe(dropping, "all", "");

    harness.publishPosts(topics, "one-", 30);
    List<JsonNode> got = new ArrayList<>(dropping.updates(12));
    dropping.close(); // drops mid-batch, 18 of the batch unread
    harness.publishPosts(topics, "two-", 30);

    WsClient onB = ws(b);
    subscribe(onB, "r1", "\"resume_from\":\"" + got.getLast().path("resume_token").asText() + "\"");
    got.addAll(onB.updates(48));
    onB.close();

    // the instance it resumed on restarts (telling its clients it goes away); meanwhile more happens; it resumes on
    // the new one
    WsClient onBStill = ws(b);
    // an answered command first: the server has taken the connection on before it goes away (closed right after
    // the handshake, the socket could be dropped before its session was registered: 1006 once in a full run)
    onBStill.call(WsClient.command("ping", "still-here"));
    b.close();
    assertThat(onBStill.closeCode(Duration.ofSeconds(30))).isEqualTo(1001);
    harness.publishPosts(topics, "three-", 30);
    GatewayMain c = harness.gateway(topics, Map.of());
    WsClient onC = ws(c);
    subscribe(onC, "r2", "\"resume_from\":\"" + got.getLast().path("resume_token").asText() + "\"");
    got.addAll(onC.updates(30));

    List<JsonNode> reference = steady.updates(90);
    assertThat(reference).hasSize(90);
    assertThat(eventIds(got)).isEqualTo(eventIds(reference));
    assertThat(tokens(got)).isEqualTo(tokens(reference));
    assertThat(onC.next(Duration.ofSeconds(1))).as("nothing twice").isNull();
  }

  @Test
  void shouldStartAtTheDurationGivenByFromOnWebSocketAndSse() throws Exception {
    Topics topics = KAFKA.newTopics();
    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    long now = System.currentTimeMillis();
    // stamped by Kafka time: 2 hours ago, 30 minutes ago, 5 minutes ago
    for (long agoMinutes : new long[] {120, 30, 5}) {
      for (int i = 0; i < 4; i++) {
        ResourceUpdate u = TestUpdates.post("c" + i, agoMinutes + "m-" + i, "x");
        p.send(new ProducerRecord<>(topics.updates().name(), null, now - agoMinutes * 60_000, u.getChannelId(), u));
      }
    }
    p.flush();
    GatewayMain gw = harness.gateway(topics, Map.of());

    WsClient ws = ws(gw);
    subscribe(ws, "ten", "\"from\":\"PT10M\"");
    assertThat(eventIds(ws.updates(4))).containsExactlyInAnyOrder("post_5m-0", "post_5m-1", "post_5m-2", "post_5m-3");
    assertThat(ws.next(Duration.ofSeconds(1))).isNull();
    WsClient hour = ws(gw);
    subscribe(hour, "hour", "\"from\":\"PT1H\"");
    assertThat(eventIds(hour.updates(8))).hasSize(8).allMatch(id -> id.startsWith("post_30m-")
        || id.startsWith("post_5m-"));
    WsClient all = ws(gw);
    subscribe(all, "all", "\"from\":\"earliest\"");
    assertThat(all.updates(12)).hasSize(12);

    SseClient sse = harness.events(gw, "?from=PT10M", Map.of());
    assertThat(GatewayHarness.take(sse, 4)).extracting(e -> ResourceUpdateJson.read(e.data()).get("event_id").asText())
        .containsExactlyInAnyOrder("post_5m-0", "post_5m-1", "post_5m-2", "post_5m-3");
    assertThat(sse.next(Duration.ofSeconds(1))).isNull();
  }
}
