package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.ingestor.Health;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.sim.FaultControls;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingestor against the simulator on a real broker, one fault per test: nothing lost, nothing doubled. */
class IngestorFaultsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  // a fresh simulator, topics and raw-topic reader per test (one test instance per method), closed after it
  @AutoClose private final SimHarness h = new SimHarness(KAFKA, SimConfig.defaults());

  @Test
  void shouldResumeWithoutLossWhenSocketDrops() {
    // streaming only: the WebSocket alone must deliver everything, so a lossy resume would show
    IngestorMain ing = h.start(h.config().enablePolling(false).build());
    long mark = h.mark();
    h.awaitDeliveredAcross(() -> h.sim.faults().dropConnections());
    // the changes made after the drop may all have left on the old socket before the server closed it, so the
    // resume can come after they arrived: wait for it, rather than expect it already
    await().atMost(Duration.ofSeconds(60)).until(() -> ing.metrics().resumes() >= 1);
    assertThat(ing.metrics().catchUps()).as("no catch-up for a lost connection").isZero();
    h.assertDeliveredOverWebSocket(h.since(mark));
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldCatchUpOverRestWhenServerForgotTheConnection() {
    IngestorMain ing = h.start(h.config().enablePolling(false).reconnectDelay(Duration.ofSeconds(1)).build());
    h.awaitDeliveredAcross(() -> {
      FaultControls f = h.sim.faults();
      f.dropConnections();
      f.forgetConnections();
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.metrics().catchUps() >= 1);
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldRecoverWhenStalledReaderIsClosedByServer() {
    IngestorMain ing = h.start(h.config().enablePolling(false).build());
    long mark = h.mark();
    h.sim.faults().stall(Duration.ofSeconds(3));
    // more than the server's 256-slot send queue: it closes the socket and forgets it
    for (int i = 0; i < 120; i++) {
      for (String ch : h.channels()) {
        h.world().createPost(h.user(), ch, "burst " + i);
      }
    }
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldSendGarbageFrameToDeadLetterTopicAndKeepGoing() throws Exception {
    IngestorMain ing = h.start(h.config().build());
    try (TopicReader<byte[], DeadLetter> dlq = TopicReader.keeping(h.bootstrap, h.topics.deadLetters())) {
      long mark = h.mark();
      h.activity(1);
      h.sim.faults().sendGarbage("{\"event\":\"posted\",\"seq\":");
      h.activity(1);
      h.awaitDelivered(h.since(mark));
      await().atMost(Duration.ofSeconds(30)).until(() -> dlq.count() >= 1);
      DeadLetter d = dlq.values().get(0);
      assertThat(d.getComponent()).isEqualTo("ingestor");
      assertThat(d.getReason()).contains("not JSON");
      assertThat(new String(d.getValue().array())).isEqualTo("{\"event\":\"posted\",\"seq\":");
      assertThat(ing.metrics().deadLetters()).isEqualTo(1);
      assertThat(ing.health().deadLetters()).isEqualTo(1);
    }
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldCloseWith4001AndRecoverEveryChangeOnSequenceGap() {
    IngestorMain ing = h.start(h.config().enablePolling(false).build());
    h.awaitDeliveredAcross(() -> h.sim.faults().skipSequence());
    assertThat(ing.metrics().reconnects()).isGreaterThanOrEqualTo(1);
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldHonourRateLimitsAndServerErrorsWhilePollingWithoutLoss() {
    IngestorMain ing = h.start(h.config().enableStreaming(false).pollingInterval(Duration.ofSeconds(1)).build());
    long mark = h.mark();
    h.activity(1);
    h.sim.faults().failRest(429, 4, Duration.ofSeconds(1));
    h.activity(1);
    h.sim.faults().failRest(503, 4, Duration.ofSeconds(1));
    h.activity(1);
    h.sim.faults().failRest(500, 3, null);
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    assertThat(h.raw.values()).allMatch(e -> e.getSource() == Source.POLL);
    h.awaitUp(ing);
  }

  @Test
  void shouldReconnectWhenSocketGoesSilent() {
    IngestorMain ing = h.start(h.config().enablePolling(false).pingInterval(Duration.ofSeconds(1)).build());
    long mark = h.mark();
    h.activity(1);
    h.sim.faults().silence(true);
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.metrics().reconnects() >= 1);
    h.sim.faults().silence(false);
    h.activity(2);
    h.awaitDelivered(h.since(mark));
    h.assertNoWebSocketDuplicates();
    h.awaitUp(ing);
  }

  @Test
  void shouldReportTheTokenRefusedWhenItIsRevokedMidRun() {
    // reconnects are unlimited (the harness's setting and the default): only the token check can end them
    IngestorMain ing = h.start(h.config().enablePolling(false).build());
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    h.world().revokeAccessToken(h.sim.botToken());
    h.sim.faults().dropConnections();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Health health = ing.health();
      assertThat(health.websocket()).isEqualTo("FAILED");
      assertThat(health.status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.lastError()).contains("refused the token", "401").doesNotContain("gave up");
    });
  }

  @Test
  void shouldTreatAChannelsPermission403AsThatChannelsProblemOnly() {
    String bot = h.sim.botUserId();
    String secret = h.world().createChannel(h.user(), "secret-room", 'P');
    h.world().addMember(secret, bot);
    List<String> watched = new ArrayList<>(h.channels());
    watched.add(secret);
    IngestorMain ing = h.start(h.config().channelIds(watched).build());
    h.world().removeMember(secret, bot); // the channel stays configured; reading it now answers 403
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Health health = ing.health();
      assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(health.lastError()).contains(secret, "403").doesNotContain("refused the token");
    });
    long refused = System.currentTimeMillis();
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    assertThat(ing.health().websocket()).isEqualTo("CONNECTED");
    await("the other channels are still polled").atMost(Duration.ofSeconds(30)).until(() -> h.raw.values()
        .stream().anyMatch(e -> e.getSource() == Source.POLL && e.getObservedAt() > refused
            && h.channels().contains(e.getChannelId())));
  }
}
