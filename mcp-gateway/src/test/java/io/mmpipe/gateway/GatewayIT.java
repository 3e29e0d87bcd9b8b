package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.SseClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway on a real broker and a real redis-server, seen through real SSE clients. */
class GatewayIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() {
    harness.close();
  }

  private GatewayMain gateway(Topics topics, Map<String, String> extra) {
    return harness.gateway(topics, extra);
  }

  private KafkaProducer<String, ResourceUpdate> producer(Topics topics) {
    return harness.producer(topics);
  }

  private static void send(KafkaProducer<String, ResourceUpdate> p, Topics topics, ResourceUpdate u) {
    GatewayHarness.send(p, topics, u);
  }

  private SseClient sse(GatewayMain gw, String query, Map<String, String> headers) throws Exception {
    SseClient c = harness.track(SseClient.connect("http://127.0.0.1:" + gw.port() + "/events" + query, headers));
    assertThat(c.status()).isEqualTo(200);
    SseClient.Event ready = c.next(Duration.ofSeconds(30));
    assertThat(ready).isNotNull();
    assertThat(ready.event()).isEqualTo("ready");
    return c;
  }

  private static String eventId(SseClient.Event e) {
    return ResourceUpdateJson.read(e.data()).get("event_id").asText();
  }

  private static List<SseClient.Event> take(SseClient c, int n) throws InterruptedException {
    return GatewayHarness.take(c, n);
  }

  private static HttpResponse<String> get(GatewayMain gw, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldStreamUpdatesAsSseWithTypeResumeIdAndDesignShape() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, Map.of());
    SseClient all = sse(gw, "", Map.of());
    SseClient reactionsInC2 = sse(gw, "?resource=mattermost://reactions&channel_id=c2", Map.of());
    SseClient createdOnly = sse(gw, "?type=created&team_id=team1", Map.of());
    var p = producer(topics);
    send(p, topics, TestUpdates.post("c1", "p1", "Hello world!"));
    send(p, topics, TestUpdates.reaction("c1", "p1", "eyes"));
    send(p, topics, TestUpdates.reaction("c2", "p2", "+1"));
    send(p, topics, TestUpdates.post("c2", "p2", "second"));
    p.flush();

    List<SseClient.Event> got = take(all, 4);
    assertThat(got).extracting(SseClient.Event::event)
        .containsExactlyInAnyOrder("created", "reaction_added", "reaction_added", "created");
    for (SseClient.Event e : got) {
      assertThat(e.id()).matches("2[A-Za-z0-9_-]+"); // version 2: with the topic epoch
      JsonNode j = ResourceUpdateJson.read(e.data());
      assertThat(j.fieldNames()).toIterable()
          .containsExactly("resource_uri", "update_type", "data", "timestamp", "event_id");
      assertThat(j.get("data").isObject()).isTrue();
    }
    JsonNode hello = got.stream().map(e -> ResourceUpdateJson.read(e.data()))
        .filter(j -> j.get("event_id").asText().equals("post_p1")).findFirst().orElseThrow();
    assertThat(hello.get("data").get("post").get("message").asText()).isEqualTo("Hello world!");

    assertThat(take(reactionsInC2, 1)).extracting(GatewayIT::eventId).containsExactly("reaction_p2_u2_+1_added_1");
    assertThat(take(createdOnly, 2)).extracting(GatewayIT::eventId)
        .containsExactlyInAnyOrder("post_p1", "post_p2");
    // nothing else arrives for the filtered subscribers
    assertThat(reactionsInC2.next(Duration.ofSeconds(1))).isNull();
    assertThat(createdOnly.next(Duration.ofMillis(200))).isNull();

    String metrics = get(gw, "/metrics").body();
    assertThat(metrics).contains("mmpipe_gateway_updates_delivered_total").contains("mmpipe_gateway_subscribers");
    // the dashboard page and the module that opens its stream, as the real gateway serves them
    assertThat(get(gw, "/").body()).contains("<canvas").contains("src=\"/dashboard/dashboard.js\"");
    assertThat(get(gw, "/dashboard/stream.js").body()).contains("authFetch(url(), {");
  }

  @Test
  void shouldResumeExactlyOnSameInstanceAndOnASecondInstanceAfterTheFirstDies() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain first = gateway(topics, Map.of());
    var p = producer(topics);
    List<String> received = new ArrayList<>();

    SseClient c1 = sse(first, "", Map.of());
    for (int i = 0; i < 30; i++) {
      send(p, topics, TestUpdates.post("c" + (i % 5), "a" + i, "m"));
    }
    p.flush();
    List<SseClient.Event> part1 = take(c1, 30);
    assertThat(part1).hasSize(30);
    part1.subList(0, 18).forEach(e -> received.add(eventId(e))); // the client only processed 18, then dropped
    String token1 = part1.get(17).id();
    c1.close();

    // same instance: what was missed comes from the ring
    for (int i = 30; i < 40; i++) {
      send(p, topics, TestUpdates.post("c" + (i % 5), "a" + i, "m"));
    }
    p.flush();
    SseClient c2 = sse(first, "?last_event_id=" + token1, Map.of());
    List<SseClient.Event> part2 = take(c2, 22);
    part2.forEach(e -> received.add(eventId(e)));
    String token2 = part2.get(part2.size() - 1).id();

    // the instance dies; traffic goes on; a second instance, started afterwards, serves the resume
    first.close();
    for (int i = 40; i < 70; i++) {
      send(p, topics, TestUpdates.post("c" + (i % 5), "a" + i, "m"));
    }
    p.flush();
    GatewayMain second = gateway(topics, Map.of());
    SseClient c3 = sse(second, "", Map.of("Last-Event-ID", token2));
    for (int i = 70; i < 80; i++) {
      send(p, topics, TestUpdates.post("c" + (i % 5), "a" + i, "m"));
    }
    p.flush();
    take(c3, 40).forEach(e -> received.add(eventId(e)));
    assertThat(c3.next(Duration.ofSeconds(1))).as("nothing after the last update").isNull();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      expected.add("post_a" + i);
    }
    assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldDisconnectASlowSubscriberWithOverflowWithoutSlowingAFastOne() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, Map.of("SSE_BUFFER", "1000", "SSE_RING", "4000"));
    SseClient fast = sse(gw, "", Map.of());
    SseClient slow = sse(gw, "", Map.of());
    slow.pause(true); // reads nothing: the server's writes to it back up once the socket buffers are full
    var p = producer(topics);
    String big = "x".repeat(2000);
    int n = 10_000;
    int chunk = 500;
    List<SseClient.Event> fastGot = new ArrayList<>();
    // a steady producer (as Mattermost traffic is), 500 at a time: the fast subscriber must keep receiving
    // everything while the slow one is stuck
    for (int start = 0; start < n; start += chunk) {
      for (int i = start; i < start + chunk; i++) {
        send(p, topics, TestUpdates.post("c" + (i % 7), "s" + i, big));
      }
      p.flush();
      fastGot.addAll(take(fast, chunk));
      assertThat(fastGot).hasSize(start + chunk);
    }
    assertThat(fastGot).extracting(SseClient.Event::event).containsOnly("created");

    slow.pause(false);
    List<SseClient.Event> slowGot = new ArrayList<>();
    SseClient.Event overflow = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (overflow == null && System.nanoTime() < deadline) {
      SseClient.Event e = slow.next(Duration.ofSeconds(1));
      if (e != null && e.event().equals("overflow")) {
        overflow = e;
      } else if (e != null) {
        slowGot.add(e);
      }
    }
    assertThat(overflow).as("the slow subscriber is told it overflowed").isNotNull();
    assertThat(slowGot.size()).isLessThan(n);
    assertThat(ResourceUpdateJson.read(overflow.data()).get("resume_token").asText()).isEqualTo(overflow.id());
    await().atMost(Duration.ofSeconds(30)).until(() -> get(gw, "/metrics").body()
        .contains("mmpipe_gateway_subscribers_overflowed_total{instance_id=\"" + gw.config().instanceId()
            + "\"} 1.0"));

    // it resumes with the overflow token and gets exactly the rest
    SseClient again = sse(gw, "", Map.of("Last-Event-ID", overflow.id()));
    List<SseClient.Event> rest = take(again, n - slowGot.size());
    List<String> all = new ArrayList<>();
    slowGot.forEach(e -> all.add(eventId(e)));
    rest.forEach(e -> all.add(eventId(e)));
    assertThat(all).hasSize(n).doesNotHaveDuplicates();
  }

  @Test
  void shouldCacheInRedisReportDegradedWhileRedisIsDownKeepStreamingAndRecover() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, Map.of("REDIS_URL", REDIS.url(), "GATEWAY_CACHE_PER_CHANNEL", "3"));
    SseClient client = sse(gw, "", Map.of());
    var cache = gw.cache().orElseThrow();
    var p = producer(topics);
    // the cache consumer joins its group asynchronously; keep sending until it writes
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      send(p, topics, TestUpdates.post("cc", "w" + System.nanoTime(), "warm"));
      p.flush();
      return !cache.recent("cc", 3).isEmpty();
    });
    for (int i = 0; i < 5; i++) {
      send(p, topics, TestUpdates.post("c1", "r" + i, "m" + i));
    }
    p.flush();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cache.recent("c1", 10))
        .extracting(j -> ResourceUpdateJson.read(j).get("event_id").asText())
        .containsExactly("post_r4", "post_r3", "post_r2"));
    assertThat(health(gw).get("status").asText()).isEqualTo("UP");
    client.takeAll();

    REDIS.server().stop();
    await().atMost(Duration.ofSeconds(30)).until(() -> health(gw).get("status").asText().equals("DEGRADED"));
    HttpResponse<String> h = get(gw, "/health");
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(ResourceUpdateJson.read(h.body()).get("components").get("redis").get("status").asText())
        .isEqualTo("DOWN");
    send(p, topics, TestUpdates.post("c1", "during", "while redis is down"));
    p.flush();
    assertThat(take(client, 1)).extracting(GatewayIT::eventId).contains("post_during");

    REDIS.server().restart();
    await().atMost(Duration.ofSeconds(60)).until(() -> health(gw).get("status").asText().equals("UP"));
    // the update written while Redis was down reaches the cache once it is back (the writer retried it)
    send(p, topics, TestUpdates.post("c1", "after", "redis is back"));
    p.flush();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cache.recent("c1", 3))
        .extracting(j -> ResourceUpdateJson.read(j).get("event_id").asText())
        .contains("post_after", "post_during"));
  }

  @Test
  void shouldReportKafkaAndDisabledRedisInHealthWithoutRedisUrl() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> health(gw).get("status").asText().equals("UP"));
    JsonNode h = health(gw);
    assertThat(h.get("components").get("kafka").get("partitions").asInt()).isEqualTo(3);
    assertThat(h.get("components").get("redis").get("status").asText()).isEqualTo("DISABLED");
    assertThat(h.get("components").get("mattermost").get("status").asText()).isEqualTo("NOT_CONFIGURED");
  }

  /** Measures (does not assert timing) fan-out to many subscribers; the figure goes to the report. */
  @Test
  void shouldFanOutEveryUpdateToHundredSubscribersAndMeasureThroughput() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, Map.of("SSE_BUFFER", "5000", "SSE_RING", "20000"));
    int subscribers = 100;
    int updates = 2000;
    List<SseClient> clients = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      clients.add(sse(gw, "", Map.of()));
    }
    var p = producer(topics);
    long t0 = System.nanoTime();
    for (int i = 0; i < updates; i++) {
      send(p, topics, TestUpdates.post("c" + (i % 10), "b" + i, "benchmark message " + i));
    }
    p.flush();
    await().atMost(Duration.ofSeconds(120)).until(() -> clients.stream().allMatch(c -> updates(c).size() >= updates));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long delivered = (long) subscribers * updates;
    System.out.printf("FANOUT-BENCH: %d subscribers x %d updates = %d deliveries in %.2f s = %.0f deliveries/s%n",
        subscribers, updates, delivered, seconds, delivered / seconds);
    for (SseClient c : clients) {
      assertThat(updates(c)).hasSize(updates);
    }
  }

  private static JsonNode health(GatewayMain gw) throws Exception {
    return ResourceUpdateJson.read(get(gw, "/health").body());
  }

  /** The events a client received, its ready event left out. */
  private static List<SseClient.Event> updates(SseClient c) {
    return c.events(e -> !"ready".equals(e.event()));
  }
}
