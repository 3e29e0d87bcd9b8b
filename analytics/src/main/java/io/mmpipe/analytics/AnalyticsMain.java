package io.mmpipe.analytics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.runtime.streams.StreamsApp;
import io.mmpipe.runtime.streams.StreamsService;
import io.mmpipe.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root: topics, topology, Kafka Streams with health and metrics; closed in reverse. */
public final class AnalyticsMain extends StreamsService {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsMain.class);

  private final int outputPartitions;

  private AnalyticsMain(StreamsApp app, int outputPartitions) {
    super(app, "analytics");
    this.outputPartitions = outputPartitions;
  }

  /**
   * Creates the topics it needs when missing and waits until Streams is RUNNING. Embedded (tests, the demo): a fatal
   * stream failure leaves Streams in ERROR and {@code /health} DOWN without exiting the JVM; {@link #main} exits.
   */
  public static AnalyticsMain start(AnalyticsConfig config) {
    return start(config, code -> log.error("embedded analytics: not exiting the JVM (exit code would be {})", code));
  }

  static AnalyticsMain start(AnalyticsConfig config, IntConsumer exit) {
    Topics topics = config.topics();
    // the input must exist for Streams to start; every tier creates the core topics the same way (idempotent)
    TopicAdmin.ensureTopics(config.kafka(), topics.creationConfigs(), config.topicPartitions(),
        config.topicReplication());
    int partitions = TopicAdmin.partitions(config.kafka(), topics.updates().name())
        .orElse(config.topicPartitions());
    String output = topics.channelActivity().name();
    TopicAdmin.ensureTopics(config.kafka(), Map.of(output, config.outputTopicConfigs()), partitions,
        config.topicReplication());
    int actual = TopicAdmin.partitions(config.kafka(), output).orElse(partitions);
    if (actual != partitions) {
      log.warn("{} has {} partitions, {} has {}: a channel's activity is still on one partition, but no longer on "
          + "the same partition number as its updates", output, actual, topics.updates().name(), partitions);
    }
    // registry mode: the job is the one writer of its topic, so it registers that subject (BACKWARD) itself
    topics.registerSchemas(List.of(topics.channelActivity()));
    PrometheusMeterRegistry registry = StreamsApp.newRegistry();
    Topology topology = AnalyticsTopology.build(AnalyticsTopology.strictBuilder(config), config, topics);
    log.debug("topology:\n{}", topology.describe());
    StreamsApp app = StreamsApp.start(new StreamsApp.Spec("analytics", topology, config.streamsProperties(),
        registry, config.startTimeout(), config.metricsPort(), exit, StreamsApp::basicHealth));
    log.info("analytics {} running: {} -> {}", config.applicationId(), topics.updates().name(), output);
    return new AnalyticsMain(app, actual);
  }

  /** Partitions of the output topic. */
  public int outputPartitions() {
    return outputPartitions;
  }

  public static void main(String[] args) {
    AnalyticsConfig config = AnalyticsConfig.fromEnv(System.getenv());
    Shutdown.closeOnExit("analytics", start(config, System::exit));
  }
}
