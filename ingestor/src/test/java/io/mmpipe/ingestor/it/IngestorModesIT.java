package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.Health;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Startup, restart and the three modes, against the simulator on a real broker. */
class IngestorModesIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  // a fresh simulator, topics and raw-topic reader per test (one test instance per method), closed after it
  @AutoClose private final SimHarness h = new SimHarness(KAFKA, SimConfig.defaults());

  @Test
  void shouldFailFastWithClearMessageWhenTokenIsInvalid() {
    var bad = io.mmpipe.ingestor.IngestorConfig.builder(h.sim.baseUrl(), Secret.of("not-a-real-token-123"),
        h.bootstrap).topics(h.topics).build();
    assertThatThrownBy(() -> IngestorMain.start(bad))
        .hasMessageContaining("MATTERMOST_TOKEN")
        .hasMessageContaining("401")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-real-token-123"));
  }

  @Test
  void shouldDeliverEverythingByPollingAloneWhenStreamingIsOff() {
    IngestorMain ing = h.start(h.config().enableStreaming(false).pollingInterval(Duration.ofSeconds(1)).build());
    long mark = h.mark();
    h.activity(2);
    h.awaitDelivered(h.since(mark));
    assertThat(h.raw.values()).isNotEmpty().allMatch(e -> e.getSource() == Source.POLL);
    assertThat(h.raw.values()).noneMatch(e -> e.getPayload() instanceof PostPayload p
        && !p.getPost().getOriginalId().isEmpty());
    Health health = ing.health();
    assertThat(health.websocket()).isEqualTo("DISABLED");
    assertThat(health.lastPoll()).isNotNull();
    h.awaitUp(ing);
  }

  @Test
  void shouldDeliverEverythingOverWebSocketAloneWhenPollingIsOff() {
    IngestorMain ing = h.start(h.config().enablePolling(false).build());
    long mark = h.mark();
    h.activity(2);
    h.world().setStatus(h.world().userIds().get(0), "away");
    h.world().typing(h.user(), h.channels().get(0), "");
    h.awaitDelivered(h.since(mark));
    h.assertDeliveredOverWebSocket(h.since(mark));
    await().atMost(Duration.ofSeconds(30)).until(() -> h.raw.values().stream()
        .anyMatch(e -> "typing".equals(e.getEventType())));
    h.assertNoWebSocketDuplicates();
    assertThat(ing.health().lastPoll()).isNull();
    h.awaitUp(ing);
  }

  @Test
  void shouldFetchTheChangesMadeWhileStoppedWhenStreamingOnly() {
    IngestorMain first = h.start(h.config().enablePolling(false).build());
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    first.close();
    long down = h.mark();
    h.activity(2); // while no ingestor runs: no WebSocket can ever tell of these
    List<SimChange> missed = h.since(down);
    IngestorMain second = h.start(h.config().enablePolling(false).build());
    String secondId = second.config().ingestorId();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Delivery.missing(missed,
        h.raw.values().stream().filter(e -> e.getIngestorId().equals(secondId)).toList())).isEmpty());
    assertThat(h.raw.values().stream().filter(e -> e.getIngestorId().equals(secondId)))
        .anyMatch(e -> e.getSource() == Source.POLL);
    h.awaitUp(second);
  }

  @Test
  void shouldRunFromEnvironmentVariablesAlone() {
    Map<String, String> env = Map.of("MATTERMOST_URL", h.sim.baseUrl().toString(),
        "MATTERMOST_TOKEN", h.sim.botToken(), "KAFKA_BOOTSTRAP_SERVERS", h.bootstrap,
        "MMPIPE_TOPIC_PREFIX", h.topics.prefix(), "MMPIPE_TOPIC_PARTITIONS", "3", "POLLING_INTERVAL", "1",
        "RECONNECT_DELAY", "0.3", "INGESTOR_ID", "from-env");
    IngestorMain ing = h.start(io.mmpipe.ingestor.IngestorConfig.fromEnv(env));
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    // both sources run by default: the next poll pass reconciles what the WebSocket already delivered
    await().atMost(Duration.ofSeconds(30)).until(() -> h.raw.values().stream()
        .anyMatch(e -> e.getSource() == Source.POLL));
    assertThat(h.raw.values()).allMatch(e -> "from-env".equals(e.getIngestorId()))
        .anyMatch(e -> e.getSource() == Source.WEBSOCKET);
    h.awaitUp(ing);
  }

  @Test
  void shouldFailStartupWhenStreamingCannotConnectAndPollingIsOff() {
    h.sim.faults().silence(true); // REST answers, the socket never says hello
    var cfg = h.config().enablePolling(false).helloTimeout(Duration.ofSeconds(1)).maxReconnectAttempts(2).build();
    assertThatThrownBy(() -> IngestorMain.start(cfg)).hasMessageContaining("reconnect attempts");
  }

  @Test
  void shouldStartDegradedOnPollingWhenStreamingCannotConnect() {
    h.sim.faults().silence(true);
    IngestorMain ing = h.start(h.config().helloTimeout(Duration.ofSeconds(1)).build());
    assertThat(ing.health().status()).isEqualTo(Health.Status.DEGRADED);
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    h.sim.faults().silence(false);
    h.awaitUp(ing);
  }

  // Restart from stored cursors: e2e CursorRestartIT, against the cursors the real stream processor writes.

  @Test
  void shouldServeHealthAndPrometheusMetrics() throws Exception {
    IngestorMain ing = h.start(h.config().metricsPort(io.mmpipe.devkit.Ports.free()).build());
    long mark = h.mark();
    h.activity(1);
    h.awaitDelivered(h.since(mark));
    h.awaitUp(ing);
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + ing.metricsPort());
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"", "\"websocket\":\"CONNECTED\"");
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("mmpipe_ingestor_events_total{source=\"WEBSOCKET\",type=\"posted\"}")
        .contains("mmpipe_ingestor_poll_latency");
  }

  @Test
  void shouldFollowBotMembershipChangesAndWatchOnlyConfiguredChannelsWhenListed() {
    IngestorMain ing = h.start(h.config().build());
    int before = ing.health().channels();
    String ch = h.world().createChannel(h.user(), "brand-new", 'O');
    h.world().addMember(ch, h.sim.botUserId());
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.health().channels() == before + 1);
    long mark = h.mark();
    h.world().createPost(h.user(), ch, "hello new channel");
    h.awaitDelivered(h.since(mark));
    h.world().removeMember(ch, h.sim.botUserId());
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.health().channels() == before);
    String gm = h.world().createGroupChannel(List.of(h.sim.botUserId(), h.user(), h.world().userIds().get(1)));
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.health().channels() == before + 1);
    h.world().deleteChannel(gm);
    await().atMost(Duration.ofSeconds(30)).until(() -> ing.health().channels() == before);
    ing.close();

    String only = h.channels().get(0);
    IngestorMain fixed = h.start(h.config().channelIds(List.of(only)).build());
    assertThat(fixed.health().channels()).isEqualTo(1);
    long m2 = h.mark();
    h.world().createPost(h.user(), h.channels().get(1), "not watched");
    h.world().createPost(h.user(), only, "watched");
    h.awaitDelivered(h.since(m2).stream().filter(c -> c.channelId().equals(only)).toList());
    String fixedId = fixed.config().ingestorId();
    assertThat(h.raw.values().stream().filter(e -> e.getIngestorId().equals(fixedId)))
        .allMatch(e -> only.equals(e.getChannelId()) || e.getChannelId() == null);
  }
}
