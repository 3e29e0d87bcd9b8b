package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many WebSocket clients on one gateway: a stalled one is cut off alone; a thousand all get a burst. */
class WsLoadIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  @Test
  void shouldCloseASlowClientWithItsTokenWithoutDelayingAHundredFastOnes() throws Exception {
    Topics topics = KAFKA.newTopics();
    // a buffer of three chunks: a fast client that a loaded 2-core machine delays by a chunk is not overflowed, while
    // the slow one, which reads nothing, passes it well before the 2,000 updates are published
    GatewayMain gw = harness.gateway(topics, Map.of("SSE_BUFFER", "600", "SSE_RING", "2000",
        "GATEWAY_MAX_STREAMS_PER_PRINCIPAL", "500"));
    List<WsClient> fast = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      WsClient c = harness.track(WsClient.connect(gw.port()));
      WsIT.subscribe(c, "f", "\"channel_ids\":[\"c0\"]"); // a tenth of the traffic each, to keep the test cheap
      fast.add(c);
    }
    RawWsClient slow = harness.track(new RawWsClient(gw.port()));
    assertThat(slow.read().json().path("event_type").asText()).isEqualTo("connected");
    slow.send("{\"command\":\"subscribe\",\"id\":\"slow\"}");
    assertThat(slow.read().json().path("status").asText()).isEqualTo("subscribed");
    // the slow client now reads nothing: the server's writes to it back up once the socket buffers are full

    KafkaProducer<String, ResourceUpdate> p = harness.producer(topics);
    String big = "x".repeat(8000);
    int n = 2000;
    int chunk = 200;
    List<List<JsonNode>> fastGot = new ArrayList<>();
    fast.forEach(c -> fastGot.add(new ArrayList<>()));
    for (int start = 0; start < n; start += chunk) {
      for (int i = start; i < start + chunk; i++) {
        GatewayHarness.send(p, topics, TestUpdates.post("c" + (i % 10), "s" + i, big));
      }
      p.flush();
      // every fast client gets its share of this chunk while the slow one is stuck
      for (int f = 0; f < fast.size(); f++) {
        fastGot.get(f).addAll(fast.get(f).updates(chunk / 10));
        assertThat(fastGot.get(f)).hasSize((start + chunk) / 10);
      }
    }
    List<String> expected = WsIT.eventIds(fastGot.getFirst());
    assertThat(fastGot).allSatisfy(got -> assertThat(WsIT.eventIds(got)).isEqualTo(expected));

    // the slow client reads again: what was in the pipe, then the overflow with its token, then the close
    List<JsonNode> slowGot = new ArrayList<>();
    JsonNode overflow = null;
    RawWsClient.Frame f = slow.read();
    while (f.opcode() == 1) {
      JsonNode m = f.json();
      if (m.path("event_type").asText().equals("overflow")) {
        overflow = m;
      } else {
        slowGot.add(m);
      }
      f = slow.read();
    }
    System.out.printf("WS-FIGURES slow client: published=%d read_before_overflow=%d close=%d%n", n, slowGot.size(),
        f.closeCode());
    assertThat(overflow).as("told it overflowed before the close").isNotNull();
    assertThat(f.closeCode()).isEqualTo(1013);
    assertThat(slowGot.size()).isLessThan(n);
    assertThat(overflow.path("subscription_id").asText()).isEqualTo("s1");
    String token = overflow.path("resume_token").asText();
    if (!slowGot.isEmpty()) {
      assertThat(token).isEqualTo(slowGot.getLast().path("resume_token").asText());
    }

    // resuming from the overflow token loses nothing and repeats nothing
    WsClient again = harness.track(WsClient.connect(gw.port()));
    WsIT.subscribe(again, "resume", "\"resume_from\":\"" + token + "\"");
    List<JsonNode> rest = again.updates(n - slowGot.size());
    List<String> all = new ArrayList<>(WsIT.eventIds(slowGot));
    all.addAll(WsIT.eventIds(rest));
    List<String> published = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      published.add("post_s" + i);
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void shouldDeliverABurstToAThousandConcurrentClients() throws Exception {
    Topics topics = KAFKA.newTopics();
    // one anonymous principal holds every connection here: lift its stream limit above the test's count
    GatewayMain gw = harness.gateway(topics, Map.of("GATEWAY_MAX_STREAMS_PER_PRINCIPAL", "5000"));
    int clients = 1000;
    int burst = 20;
    List<WsClient> all = new ArrayList<>();
    for (int start = 0; start < clients; start += 50) { // 50 handshakes at a time
      List<CompletableFuture<WsClient>> opening = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        opening.add(WsClient.open(gw.port(), Map.of()));
      }
      for (CompletableFuture<WsClient> o : opening) {
        all.add(harness.track(o.get(60, TimeUnit.SECONDS)));
      }
    }
    for (WsClient c : all) {
      c.send("{\"command\":\"subscribe\",\"id\":\"b\",\"channel_ids\":[\"c1\"]}");
    }
    for (WsClient c : all) {
      c.await(m -> m.path("status").asText().equals("subscribed"));
    }
    JsonNode stats = all.getFirst().call(WsClient.command("get_stats", "st"));
    assertThat(stats.path("stats").path("clients").path("websocket").asInt()).isEqualTo(clients);

    System.gc();
    long heapBefore = usedHeap();
    long t0 = System.nanoTime();
    harness.publishPosts(topics, "burst-", burst);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      expected.add("post_burst-" + i);
    }
    for (WsClient c : all) {
      assertThat(WsIT.eventIds(c.updates(burst))).isEqualTo(expected);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long heapAfter = usedHeap();
    // figures for the report, not assertions (the CI machine is shared)
    System.out.printf("WS-FIGURES clients=%d burst=%d deliveries=%d delivered_in_ms=%d heap_before_mb=%d "
            + "heap_after_mb=%d%n", clients, burst, clients * burst, millis, heapBefore >> 20, heapAfter >> 20);
    for (WsClient c : all) {
      assertThat(c.next(Duration.ZERO)).isNull();
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
