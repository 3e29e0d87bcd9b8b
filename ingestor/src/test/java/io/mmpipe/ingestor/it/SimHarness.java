package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.ingestor.Health;
import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One simulator, one set of topics, the raw topic being read, and the ingestors started against them. */
final class SimHarness implements AutoCloseable {

  final MattermostSim sim;
  final Topics topics;
  final TopicReader<String, RawEvent> raw;
  final String bootstrap;
  private final List<IngestorMain> ingestors = new ArrayList<>();

  SimHarness(KafkaExtension kafka, SimConfig simConfig) {
    this.bootstrap = kafka.bootstrapServers();
    this.topics = kafka.newTopics();
    this.sim = MattermostSim.start(simConfig);
    this.raw = TopicReader.keeping(bootstrap, topics.rawEvents());
  }

  /** Test settings: short timers so faults resolve in seconds. */
  IngestorConfig.Builder config() {
    return IngestorConfig.builder(sim.baseUrl(), Secret.of(sim.botToken()), bootstrap)
        .topics(topics)
        .ingestorId(KafkaExtension.uniqueName("ing"))
        .pollingInterval(Duration.ofSeconds(2))
        .reconnectDelay(Duration.ofMillis(300))
        .helloTimeout(Duration.ofSeconds(3))
        .pingInterval(Duration.ofSeconds(2))
        .maxReconnectAttempts(0)
        .rateLimit(100)
        .topicPartitions(3);
  }

  IngestorMain start(IngestorConfig cfg) {
    IngestorMain m = IngestorMain.start(cfg);
    ingestors.add(m);
    return m;
  }

  WorldControls world() {
    return sim.world();
  }

  long mark() {
    return world().changeCount();
  }

  List<SimChange> since(long mark) {
    return world().changesSince(mark);
  }

  /** Channels the bot and the first user share. */
  List<String> channels() {
    return world().botChannelIds().stream().limit(3).toList();
  }

  String user() {
    return world().userIds().get(0);
  }

  /** A mix of every post and reaction change, {@code rounds} times over the first channels. */
  void activity(int rounds) {
    WorldControls w = world();
    String u = user();
    String other = w.userIds().get(1);
    for (int i = 0; i < rounds; i++) {
      for (String ch : channels()) {
        SimPost root = w.createPost(u, ch, "root " + i);
        SimPost reply = w.createReply(other, root.id(), "reply " + i);
        w.addReaction(other, root.id(), "eyes");
        w.addReaction(u, reply.id(), "+1");
        w.editPost(root.id(), "root " + i + " (edited)");
        w.removeReaction(other, root.id(), "eyes");
        SimPost doomed = w.createPost(other, ch, "doomed " + i);
        w.deletePost(doomed.id());
      }
    }
  }

  void awaitDelivered(List<SimChange> changes) {
    assertThat(changes).isNotEmpty();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(Delivery.missing(changes, raw.values())).as("changes not seen in mm.events.raw").isEmpty());
  }

  /** One round of activity, then {@code fault}, then two more rounds: waits until every change of all three arrived. */
  void awaitDeliveredAcross(Runnable fault) {
    long mark = mark();
    activity(1);
    fault.run();
    activity(2);
    awaitDelivered(since(mark));
  }

  /** Every one of these changes has a WebSocket copy (a REST catch-up may have delivered another copy too). */
  void assertDeliveredOverWebSocket(List<SimChange> changes) {
    List<RawEvent> ws = raw.values().stream().filter(e -> e.getSource() == Source.WEBSOCKET).toList();
    assertThat(Delivery.missing(changes, ws)).as("changes without a WebSocket copy").isEmpty();
  }

  void assertNoWebSocketDuplicates() {
    List<RawEvent> all = raw.values();
    assertThat(Delivery.duplicateWebSocketCopies(all)).as("WebSocket copies by connection+seq").isEmpty();
    assertThat(Delivery.postsCreatedTwiceOverWebSocket(all)).as("posts created twice over the WebSocket").isEmpty();
  }

  void awaitUp(IngestorMain m) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(m.health().status()).as(m.health().toString()).isEqualTo(Health.Status.UP));
  }

  @Override
  public void close() {
    for (IngestorMain m : ingestors) {
      m.close();
    }
    raw.close();
    sim.close();
  }
}
