package io.mmpipe.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.runtime.ops.OpsServer;
import io.mmpipe.schemas.Topics;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.metrics.StoreTagFilter;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root: topics, topology, Kafka Streams, metrics; started in that order, closed in reverse. */
public final class ProcessorMain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit code after a fatal stream failure: anything but 0 tells an orchestrator to restart and report. */
  static final int EXIT_FATAL = 1;

  private final KafkaStreams streams;
  private final StreamsFailurePolicy failures;
  private final ProcessorMetrics metrics;
  private final OpsServer server;
  private final CloseStack started;

  private ProcessorMain(KafkaStreams streams, StreamsFailurePolicy failures, ProcessorMetrics metrics,
                        OpsServer server, CloseStack started) {
    this.streams = streams;
    this.failures = failures;
    this.metrics = metrics;
    this.server = server;
    this.started = started;
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
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // before any Kafka Streams meter: window and key-value stores must share tag keys (see StoreTagFilter)
    registry.config().meterFilter(new StoreTagFilter());
    ProcessorMetrics metrics = new ProcessorMetrics(registry);
    Topology topology = ProcessorTopology.build(ProcessorTopology.strictBuilder(config), config, topics, metrics);
    log.debug("topology:\n{}", topology.describe());
    Properties props = config.streamsProperties();
    props.put(ProcessorConfig.METRICS_KEY, metrics);
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch running = new CountDownLatch(1);
    StreamsFailurePolicy failures = new StreamsFailurePolicy(System::nanoTime);
    streams.setUncaughtExceptionHandler(failures);
    streams.setStateListener((next, previous) -> {
      log.info("Kafka Streams {} -> {}", previous, next);
      if (next == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (next == KafkaStreams.State.ERROR) {
        // not on this (stream) thread: exiting runs the shutdown hook, which closes Streams and waits for it
        log.error("Kafka Streams is in ERROR ({}); exiting with code {}", failures.fatal(), EXIT_FATAL);
        Thread.ofPlatform().name("processor-exit").start(() -> exit.accept(EXIT_FATAL));
      }
    });
    CloseStack started = new CloseStack("stream processor");
    // Leave the group on close: without it the partitions stay with this (gone) member until the session times
    // out (45 s), so a replacement or the surviving instances would sit idle that long.
    started.push("kafka-streams", () -> streams.close(CloseOptions.groupMembershipOperation(
        CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(60))));
    KafkaStreamsMetrics streamsMetrics = started.push("kafka-streams-metrics", new KafkaStreamsMetrics(streams));
    try {
      streams.start();
      if (!running.await(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + config.startTimeout()
            + " (state " + streams.state() + ")");
      }
      // bound once RUNNING, when the tasks and their stores exist: the binder looks for new metrics only every
      // minute, so binding earlier would leave the store metrics out for the first minute
      streamsMetrics.bindTo(registry);
      OpsServer server = null;
      if (config.metricsPort() > 0) {
        server = started.push("ops-server",
            OpsServer.start(config.metricsPort(), registry::scrape,
                () -> health(streams.state(), failures.replaced(), failures.fatal())));
      }
      log.info("stream processor {} running: {} -> {}", config.applicationId(), topics.rawEvents().name(),
          topics.updates().name());
      return new ProcessorMain(streams, failures, metrics, server, started);
    } catch (InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      started.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * UP while Streams runs or rebalances; anything else (ERROR, PENDING_SHUTDOWN, ...) answers 503. Also says how
   * many stream threads were replaced after transient failures, and why the processor is shutting down, if it is.
   */
  static OpsServer.HealthView health(KafkaStreams.State state, int replacedThreads, String fatal) {
    boolean up = state.isRunningOrRebalancing();
    ObjectNode body = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
    ObjectNode components = body.putObject("components").put("kafka_streams", state.name())
        .put("replaced_threads", replacedThreads);
    if (fatal != null) {
      components.put("fatal_error", fatal);
    }
    return new OpsServer.HealthView(body.toString(), up);
  }

  /** The current health report (what {@code /health} answers). */
  public OpsServer.HealthView health() {
    return health(streams.state(), failures.replaced(), failures.fatal());
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public ProcessorMetrics metrics() {
    return metrics;
  }

  /** The port of /metrics and /health, or 0 when they are off. */
  public int metricsPort() {
    return server == null ? 0 : server.port();
  }

  @Override
  public void close() {
    if (!started.isClosed()) {
      started.close();
      log.info("stream processor stopped");
    }
  }

  public static void main(String[] args) {
    ProcessorConfig config = ProcessorConfig.fromEnv(System.getenv());
    Shutdown.closeOnExit("processor", start(config, System::exit));
  }
}
