package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load generator's mix, and that every change it makes reaches a member's socket. */
class LoadGeneratorIT {

  @Test
  void shouldMakeEveryKindOfChangeAndDeliverEachPostAndReactionEventOnce() throws Exception {
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults());
         WsClient ws = WsClient.bearer(sim, sim.botToken())) {
      ws.next();
      sim.load().start(400, 3);
      await().atMost(Duration.ofSeconds(60)).until(() -> sim.load().changesMade() >= 600);
      sim.load().stop();
      assertThat(sim.load().running()).isFalse();
      Map<String, Integer> made = new HashMap<>();
      sim.world().changes().forEach(c -> made.merge(c.kind(), 1, Integer::sum));
      assertThat(made.keySet()).containsExactlyInAnyOrder("post_created", "reply_created", "post_edited",
          "post_deleted", "reaction_added", "reaction_removed");
      Map<String, Integer> seen = new HashMap<>();
      long lastSeq = 0;
      // read until the socket has been quiet for a while: everything queued has been written
      String raw;
      while ((raw = ws.frames.poll(2, TimeUnit.SECONDS)) != null) {
        JsonNode e = WsClient.JSON.readTree(raw);
        assertThat(e.path("seq").asLong()).isEqualTo(lastSeq + 1);
        lastSeq = e.path("seq").asLong();
        seen.merge(e.path("event").asText(), 1, Integer::sum);
      }
      assertThat(seen.get("posted")).isEqualTo(made.get("post_created") + made.get("reply_created"));
      assertThat(seen.get("post_edited")).isEqualTo(made.get("post_edited"));
      assertThat(seen.get("reaction_added")).isEqualTo(made.get("reaction_added"));
      assertThat(seen.get("reaction_removed")).isEqualTo(made.get("reaction_removed"));
      assertThat(seen.keySet()).containsAll(Set.of("posted", "post_deleted", "typing"));
      System.out.printf("load: %d changes, %d events delivered to one socket%n", sim.load().changesMade(), lastSeq);
    }
  }

  @Test
  void shouldSendTheSensitiveDeletedCopyWithDeleteByWhenTheBotIsAdmin() throws Exception {
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults().withBotIsAdmin(true));
         WsClient ws = WsClient.bearer(sim, sim.botToken())) {
      ws.next();
      String alice = sim.world().userIds().get(0);
      SimPost p = sim.world().createPost(alice, sim.world().botChannelIds().get(0), "to delete");
      sim.world().deletePost(p.id());
      JsonNode deleted = ws.nextEvent("post_deleted");
      assertThat(deleted.path("broadcast").path("contains_sensitive_data").asBoolean()).isTrue();
      assertThat(deleted.path("data").path("delete_by").asText()).isEqualTo(alice);
      sim.world().createPost(alice, sim.world().botChannelIds().get(0), "marker");
      assertThat(ws.nextEvent().path("event").asText()).as("only one copy reaches the admin").isEqualTo("posted");
    }
  }
}
