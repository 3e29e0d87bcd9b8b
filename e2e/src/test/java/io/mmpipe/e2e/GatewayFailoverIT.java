package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.devkit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user story: {@code curl -N /events}, the gateway dies, the client reconnects to another instance with its
 * last event id and misses nothing — with live Mattermost traffic flowing through every tier the whole time.
 */
class GatewayFailoverIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static DemoStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStacks.start("e2e-fo", Map.of("POLLING_INTERVAL", "2"));
  }

  @AfterAll
  static void stopStack() {
    TestStacks.stop(stack);
  }

  private static String eventId(SseClient.Event e) {
    try {
      return JSON.readTree(e.data()).get("event_id").asText();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static List<String> updateIds(SseClient sse) {
    return sse.events(e -> !"ready".equals(e.event())).stream().map(GatewayFailoverIT::eventId).toList();
  }

  @Test
  void shouldMissNothingWhenTheGatewayDiesAndTheClientResumesOnAnotherInstance() {
    stack.sim().load().start(25, 3);
    URI first = URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/events?from=earliest");
    List<String> received = new ArrayList<>();
    String lastId;
    try (SseClient sse = SseClient.connect(first)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> updateIds(sse).size() >= 60);
      stack.gateway().close();
      await().atMost(Duration.ofSeconds(30)).until(sse::ended);
      received.addAll(updateIds(sse));
      lastId = sse.lastEventId();
    }
    assertThat(lastId).isNotBlank();

    // Traffic goes on while no gateway is up; then another instance takes the client back.
    GatewayMain second = stack.startGateway(0);
    URI resume = URI.create("http://127.0.0.1:" + second.port() + "/events");
    try (SseClient sse = SseClient.connect(resume, lastId)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> updateIds(sse).size() >= 60);
      stack.sim().load().stop();
      Set<String> all = allUpdateIds();
      await().atMost(Duration.ofSeconds(60)).until(() -> received.size() + updateIds(sse).size() >= all.size());
      received.addAll(updateIds(sse));
      assertThat(received).as("nothing twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(received)).as("nothing lost").isEqualTo(allUpdateIds());
    }
  }

  /**
   * The scaling rule "any number of gateways": each one reads every partition of mm.updates on its own (no consumer
   * group to share them), so three running at once each deliver every update, once, to their own subscriber.
   */
  @Test
  void shouldDeliverEveryUpdateOnceThroughEachOfThreeGatewaysRunningAtOnce() {
    List<GatewayMain> gateways = new ArrayList<>();
    List<SseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        GatewayMain g = stack.startGateway(0);
        gateways.add(g);
        clients.add(SseClient.connect(URI.create("http://127.0.0.1:" + g.port() + "/events?from=earliest")));
      }
      stack.sim().load().start(25, 3);
      await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> updateIds(c).size() >= 60));
      stack.sim().load().stop();
      Set<String> all = allUpdateIds();
      await().atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> updateIds(c).size() >= all.size()));
      for (SseClient c : clients) {
        List<String> got = updateIds(c);
        assertThat(got).as("nothing twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(got)).as("every update").isEqualTo(all);
      }
    } finally {
      clients.forEach(SseClient::close);
      gateways.forEach(GatewayMain::close);
    }
  }

  /** Every update in mm.updates once the stream is quiet (read_committed, to the end of every partition). */
  private static Set<String> allUpdateIds() {
    try (var reader = TopicReader.keeping(stack.kafka().bootstrapServers(), stack.topics().updates())) {
      // Wait until the processor has drained what the load generator produced (the reader at the end, and the end
      // no longer moving).
      long[] last = {-1};
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        boolean stable = reader.atEnd() && reader.count() == last[0];
        last[0] = reader.count();
        return stable;
      });
      Set<String> ids = new HashSet<>();
      reader.values().forEach(u -> ids.add(u.getEventId()));
      return ids;
    }
  }
}
