package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9 item 11: Mattermost sends status_change only to the user's own connections, so another user's status
 * reaches mm.events.raw only through POST /users/status/ids polling.
 */
class StatusPollingIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @AutoClose private final SimHarness h = new SimHarness(KAFKA, SimConfig.defaults());

  private List<RawEvent> statusesOf(String user) {
    return h.raw.values().stream().filter(e -> e.getPayload() instanceof StatusPayload s
        && s.getUserId().equals(user)).toList();
  }

  @Test
  void shouldEmitAnotherUsersStatusChangeOnceFromPolling() {
    IngestorMain ing = h.start(h.config().statusInterval(Duration.ofMillis(300)).build());
    h.awaitUp(ing);
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.metrics().statusPolls() >= 1);
    String alice = h.user();
    h.world().setStatus(alice, "dnd");
    await().atMost(Duration.ofSeconds(30)).until(() -> !statusesOf(alice).isEmpty());
    long polls = ing.metrics().statusPolls();
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.metrics().statusPolls() >= polls + 3);
    List<RawEvent> seen = statusesOf(alice);
    assertThat(seen).as("one change, one event, and none over the bot's WebSocket").singleElement()
        .satisfies(e -> {
          assertThat(e.getSource()).isEqualTo(Source.POLL);
          assertThat(e.getEventType()).isEqualTo("status_change");
          assertThat(((StatusPayload) e.getPayload()).getStatus()).isEqualTo("dnd");
        });
    assertThat(h.raw.records()).anyMatch(r -> r.key().equals("user:" + alice) && r.value() == seen.getFirst());
  }
}
