package io.mmpipe.streams;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.runtime.streams.StreamsApp;
import io.mmpipe.runtime.streams.StreamsService;
import io.mmpipe.schemas.Topics;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root: topics, topology, Kafka Streams, metrics; started in that order, closed in reverse. */
public final class ProcessorMain extends StreamsService {

  private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

  /** The exit code after a fatal stream failure: anything but 0 tells an orchestrator to restart and report. */
  static final int EXIT_FATAL = StreamsApp.EXIT_FATAL;

  private final ProcessorMetrics metrics;

  private ProcessorMain(StreamsApp app, ProcessorMetrics metrics) {
    super(app, "stream processor");
    this.metrics = metrics;
  }

  /**
   * Creates missing topics, starts Kafka Streams and waits until it is RUNNING (or fails after the timeout). Embedded
   * (tests, the demo): a fatal stream failure leaves Streams in ERROR and {@code /health} DOWN, but does not exit the
   * JVM; {@link #main} exits.
   */
  public static ProcessorMain start(ProcessorConfig config) {
    return start(config, code -> log.error("embedded processor: not exiting the JVM (exit code would be {})", code));
  }

  /** As {@link #start(ProcessorConfig)}; {@code exit} is called (on its own thread) when Streams ends in ERROR. */
  static ProcessorMain start(ProcessorConfig config, IntConsumer exit) {
    Topics topics = config.topics();
    TopicAdmin.ensureTopics(config.kafka(), topics.creationConfigs(), config.topicPartitions(),
        config.topicReplication());
    topics.registerSchemas(); // registry mode: a schema change the registry refuses stops us here
    PrometheusMeterRegistry registry = StreamsApp.newRegistry();
    ProcessorMetrics metrics = new ProcessorMetrics(registry);
    Topology topology = ProcessorTopology.build(ProcessorTopology.strictBuilder(config), config, topics, metrics);
    log.debug("topology:\n{}", topology.describe());
    Properties props = config.streamsProperties();
    props.put(ProcessorConfig.METRICS_KEY, metrics);
    StreamsApp app = StreamsApp.start(new StreamsApp.Spec("stream processor", topology, props, registry,
        config.startTimeout(), config.metricsPort(), exit, StreamsApp::basicHealth));
    log.info("stream processor {} running: {} -> {}", config.applicationId(), topics.rawEvents().name(),
        topics.updates().name());
    return new ProcessorMain(app, metrics);
  }

  public ProcessorMetrics metrics() {
    return metrics;
  }

  public static void main(String[] args) {
    ProcessorConfig config = ProcessorConfig.fromEnv(System.getenv());
    Shutdown.closeOnExit("processor", start(config, System::exit));
  }
}
