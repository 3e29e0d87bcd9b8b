package io.mmpipe.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.kafka.TopicAdmin;
import io.mmpipe.schemas.ops.OpsServer;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.metrics.StoreTagFilter;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root: topics, topology, Kafka Streams, metrics; started in that order, closed in reverse. */
public final class ProcessorMain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

  private final KafkaStreams streams;
  private final ProcessorMetrics metrics;
  private final KafkaStreamsMetrics streamsMetrics;
  private final OpsServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProcessorMain(KafkaStreams streams, ProcessorMetrics metrics, KafkaStreamsMetrics streamsMetrics,
      OpsServer server) {
    this.streams = streams;
    this.metrics = metrics;
    this.streamsMetrics = streamsMetrics;
    this.server = server;
  }

  /** Creates missing topics, starts Kafka Streams and waits until it is RUNNING (or fails after the timeout). */
  public static ProcessorMain start(ProcessorConfig config) {
    Topics topics = config.topics();
    TopicAdmin.ensureTopics(config.kafka(), topics, config.topicPartitions(), config.topicReplication());
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
    streams.setStateListener((next, previous) -> {
      log.info("Kafka Streams {} -> {}", previous, next);
      if (next == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    OpsServer server = null;
    try {
      streams.start();
      if (!running.await(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + config.startTimeout()
            + " (state " + streams.state() + ")");
      }
      // bound once RUNNING, when the tasks and their stores exist: the binder looks for new metrics only every
      // minute, so binding earlier would leave the store metrics out for the first minute
      streamsMetrics.bindTo(registry);
      if (config.metricsPort() > 0) {
        server = OpsServer.start(config.metricsPort(), registry::scrape, () -> health(streams.state()));
      }
      log.info("stream processor {} running: {} -> {}", config.applicationId(), topics.rawEvents().name(),
          topics.updates().name());
      return new ProcessorMain(streams, metrics, streamsMetrics, server);
    } catch (InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (server != null) {
        server.close();
      }
      streamsMetrics.close();
      streams.close(Duration.ofSeconds(30));
      throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
  }

  /** UP while Streams runs or rebalances; anything else (ERROR, PENDING_SHUTDOWN, ...) answers 503. */
  static OpsServer.HealthView health(KafkaStreams.State state) {
    boolean up = state.isRunningOrRebalancing();
    return new OpsServer.HealthView("{\"status\":\"" + (up ? "UP" : "DOWN")
        + "\",\"components\":{\"kafka_streams\":\"" + state.name() + "\"}}", up);
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
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (server != null) {
      server.close();
    }
    streamsMetrics.close();
    // Leave the group: without it the partitions stay with this (gone) member until the session times out (45 s),
    // so a replacement or the surviving instances would sit idle that long.
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(60)));
    log.info("stream processor stopped");
  }

  public static void main(String[] args) {
    ProcessorConfig config = ProcessorConfig.fromEnv(System.getenv());
    ProcessorMain main = start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.close();
      stopped.countDown();
    }, "processor-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
