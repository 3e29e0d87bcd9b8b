package io.mmpipe.e2e;

import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.Health;
import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.Topics;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ingestors and processors started by a test against one simulator, closed in reverse order. */
final class Tiers implements AutoCloseable {

  private final KafkaExtension kafka;
  private final MattermostSim sim;
  private final List<AutoCloseable> started = new ArrayList<>();

  Tiers(KafkaExtension kafka, MattermostSim sim) {
    this.kafka = kafka;
    this.sim = sim;
  }

  /** Test settings: both sources on, short timers. */
  IngestorConfig.Builder ingestor(Topics topics, String id) {
    return IngestorConfig.builder(sim.baseUrl(), Secret.of(sim.botToken()), kafka.bootstrapServers())
        .topics(topics).ingestorId(id).pollingInterval(Duration.ofSeconds(1)).reconnectDelay(Duration.ofMillis(300))
        .helloTimeout(Duration.ofSeconds(3)).pingInterval(Duration.ofSeconds(2)).maxReconnectAttempts(0)
        .rateLimit(200).topicPartitions(3);
  }

  IngestorMain start(IngestorConfig config) {
    IngestorMain m = IngestorMain.start(config);
    started.add(m);
    await().atMost(Duration.ofSeconds(60)).until(() -> m.health().status() == Health.Status.UP);
    return m;
  }

  ProcessorMain processor(Topics topics) {
    ProcessorMain p = ProcessorMain.start(ProcessorConfig.of(kafka.bootstrapServers(), topics.prefix(),
        KafkaExtension.uniqueName("proc")));
    started.add(p);
    return p;
  }

  @Override
  public void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }
}
