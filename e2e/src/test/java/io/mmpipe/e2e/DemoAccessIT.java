package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.sim.DemoUser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo stack's gateway (bound to loopback) accepts the two demo users' tokens that {@code ./mmpipe demo} prints
 * and anonymous callers, and through the real pipeline (simulator, ingestor, stream processor) each user's stream
 * carries only their channels, a removal from a channel included.
 */
class DemoAccessIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static DemoStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStacks.start("access", Map.of("POLLING_INTERVAL", "1"));
  }

  @AfterAll
  static void stopStack() {
    TestStacks.stop(stack);
  }

  /** Every update of an SSE stream, collected in the background. */
  private static List<JsonNode> collect(SseClient c) {
    List<JsonNode> out = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      try {
        while (true) {
          SseClient.Event e = c.next(Duration.ofSeconds(1));
          if (e != null && e.data().startsWith("{") && !"ready".equals(e.event())) {
            out.add(JSON.readTree(e.data()));
          }
        }
      } catch (Exception | AssertionError e) {
        // the stream closed: the test is over
      }
    }, "sse-collector");
    t.setDaemon(true);
    t.start();
    return out;
  }

  private static boolean has(List<JsonNode> updates, String text) {
    return updates.stream().anyMatch(u -> u.toString().contains(text));
  }

  private SseClient events(Map<String, String> headers) {
    SseClient c = SseClient.connect(URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/events"), headers);
    await().atMost(Duration.ofSeconds(30)).until(() -> c.status() != null);
    assertThat(c.status()).isEqualTo(200);
    return c;
  }

  @Test
  void shouldServeEachDemoUserOnlyTheirChannelsThroughTheWholePipeline() throws Exception {
    var world = stack.sim().world();
    DemoUser alice = world.demoUsers().get(0);
    DemoUser bob = world.demoUsers().get(1);
    String leadership = world.channelIdByName("leadership");
    String carol = world.userIdByUsername("carol");
    assertThat(alice.channelIds()).contains(leadership);
    assertThat(bob.channelIds()).doesNotContain(leadership);

    try (SseClient a = events(Map.of("Authorization", "Bearer " + alice.token()));
         SseClient b = events(Map.of("Authorization", "Bearer " + bob.token()));
         SseClient anon = events(Map.of())) {
      List<JsonNode> toAlice = collect(a);
      List<JsonNode> toBob = collect(b);
      List<JsonNode> toAnon = collect(anon);

      world.createPost(carol, leadership, "for the leadership only");
      await().atMost(Duration.ofSeconds(60)).until(() -> has(toAlice, "for the leadership only"));

      world.removeMember(leadership, alice.userId());
      await().atMost(Duration.ofSeconds(60)).until(() -> toAnon.stream().anyMatch(u ->
          "member_removed".equals(u.path("update_type").asText()) && u.toString().contains(alice.userId())));
      world.createPost(carol, leadership, "after alice left");
      await().atMost(Duration.ofSeconds(60)).until(() -> has(toAnon, "after alice left"));
      Thread.sleep(3000); // what the anonymous stream got would have reached alice's by now
      assertThat(has(toAlice, "after alice left")).as("alice, removed, on her open stream").isFalse();
      assertThat(has(toBob, "leadership only") || has(toBob, "after alice left")).as("bob, never a member")
          .isFalse();
    }
  }
}
