package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.sim.load.ChangeBurst;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9 item 2: thousands of changes in one channel while the WebSocket is lost. The REST catch-up must see every
 * change (its since answer is capped at 1000 rows) and report, as a gap event, what the API kept out of reach.
 */
class CatchUpGapIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final long DAY = Duration.ofDays(1).toMillis();

  // the bot as a system admin: include_deleted lets the walk see deletions
  @AutoClose private final SimHarness h = new SimHarness(KAFKA, SimConfig.defaults().withBotIsAdmin(true));

  /** Streaming with a poll pass only at start and on catch-up, so the gap is closed by the catch-up alone. */
  private IngestorMain startAndLoseTheSocket() {
    IngestorMain ing = h.start(h.config().pollingInterval(Duration.ofHours(1))
        .reconnectDelay(Duration.ofMillis(500)).build());
    h.awaitUp(ing);
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.health().lastPoll() != null);
    h.sim.faults().silence(true);
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.metrics().reconnects() >= 1);
    return ing;
  }

  /** The server forgot the connection: the ingestor's next attempt gets a new one and catches up over REST. */
  private void restoreTheSocket(IngestorMain ing) {
    long catchUps = ing.metrics().catchUps();
    h.sim.faults().forgetConnections();
    h.sim.faults().silence(false);
    await().atMost(Duration.ofSeconds(60)).until(() -> ing.metrics().catchUps() > catchUps);
  }

  private List<RawEvent> gaps() {
    return h.raw.values().stream().filter(e -> "gap".equals(e.getEventType())).toList();
  }

  @Test
  void shouldObserveEveryOneOf2500ChangesInOneChannelMadeWhileTheSocketWasLost() {
    WorldControls w = h.world();
    String ch = h.channels().getFirst();
    List<SimPost> old = ChangeBurst.history(w, ch, System.currentTimeMillis() - 3 * DAY, 300);
    IngestorMain ing = startAndLoseTheSocket();
    long mark = h.mark();
    ChangeBurst.run(w, ch, old, 400);
    List<SimChange> made = h.since(mark);
    assertThat(made).hasSizeGreaterThanOrEqualTo(2500).allMatch(c -> c.channelId().equals(ch));
    assertThat(made).extracting(SimChange::kind).contains("post_created", "reply_created", "post_edited",
        "post_deleted", "reaction_added", "reaction_removed");
    // the catch-up meets rate limiting: the shared client waits as told and goes on
    h.sim.faults().failRest(429, 5, Duration.ofMillis(500));
    restoreTheSocket(ing);

    h.awaitDelivered(made);
    // far more posts than one since answer holds came back by polling
    long polledPosts = h.raw.values().stream().filter(e -> "polled_post".equals(e.getEventType()))
        .map(e -> ((PostPayload) e.getPayload()).getPost().getId()).distinct().count();
    assertThat(polledPosts).isGreaterThan(1000);
    // the channel's whole history is within the horizon and deletions are visible: nothing out of reach
    assertThat(gaps()).isEmpty();
    assertThat(ing.metrics().catchUpGaps()).isZero();
  }

  @Test
  void shouldSendAGapEventWhenChangesToPostsOlderThanTheHorizonMayBeMissing() throws Exception {
    WorldControls w = h.world();
    String ch = h.channels().getFirst();
    // more than a page of 10-day-old history, then 3-day-old history; the horizon is the default 7 days
    SimPost ancient = ChangeBurst.history(w, ch, System.currentTimeMillis() - 10 * DAY, 400).getFirst();
    List<SimPost> old = ChangeBurst.history(w, ch, System.currentTimeMillis() - 3 * DAY, 300);
    IngestorMain ing = startAndLoseTheSocket();
    long ancientEdit = w.editPost(ancient.id(), "ancient, edited").editAt();
    ChangeBurst.run(w, ch, old, 400); // past the cap: under it, since alone would have seen the ancient edit
    restoreTheSocket(ing);

    await().atMost(Duration.ofSeconds(60)).until(() -> !gaps().isEmpty());
    RawEvent gap = gaps().getFirst();
    assertThat(gap.getChannelId()).isEqualTo(ch);
    JsonNode data = Json.MAPPER.readTree(((GenericPayload) gap.getPayload()).getDataJson());
    assertThat(data.path("from").asLong()).isLessThan(ancientEdit);
    assertThat(data.path("to").asLong()).isGreaterThanOrEqualTo(ancientEdit);
    assertThat(data.path("posts_created_before").asLong()).isGreaterThan(ancient.createAt())
        .isLessThanOrEqualTo(old.getFirst().createAt());
    assertThat(data.path("deletions_hidden").asBoolean()).isFalse();
    assertThat(ing.metrics().catchUpGaps()).isEqualTo(1);
    assertThat(ing.metrics().scrape()).contains("mmpipe_ingestor_catchup_gaps_total 1.0");
  }
}
