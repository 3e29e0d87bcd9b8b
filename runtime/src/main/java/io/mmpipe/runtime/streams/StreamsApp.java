package io.mmpipe.runtime.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.runtime.ops.OpsServer;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Kafka Streams application with what every mmpipe Streams job needs around it: the uncaught-exception
 * policy, a state listener that exits the process when Streams ends in ERROR, Streams' metrics bound to Prometheus
 * once RUNNING, {@code /metrics} + {@code /health}, and a close that leaves the group.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit code after a fatal stream failure: anything but 0 tells an orchestrator to restart and report. */
  public static final int EXIT_FATAL = 1;

  /**
   * Health from the Streams state, the threads replaced so far, the fatal error (null while there is none) and the
   * active tasks of this instance.
   */
  @FunctionalInterface
  public interface Health {
    OpsServer.HealthView of(KafkaStreams.State state, int replacedThreads, String fatal, int activeTasks);
  }

  /**
   * What to start.
   *
   * @param name         for logs and thread names ("stream processor", "analytics")
   * @param startTimeout how long {@link #start} waits for RUNNING
   * @param metricsPort  /metrics and /health port; 0 = off
   * @param exit         called (on its own thread) when Streams ends in ERROR; {@code System::exit} in production
   * @param health       what /health answers
   */
  public record Spec(String name, Topology topology, Properties properties, PrometheusMeterRegistry registry,
                     Duration startTimeout, int metricsPort, IntConsumer exit, Health health) {}

  private final KafkaStreams streams;
  private final StreamsFailurePolicy failures;
  private final Health health;
  private final OpsServer server;
  private final CloseStack started;

  private StreamsApp(KafkaStreams streams, StreamsFailurePolicy failures, Health health, OpsServer server,
      CloseStack started) {
    this.streams = streams;
    this.failures = failures;
    this.health = health;
    this.server = server;
    this.started = started;
  }

  /**
   * A Prometheus registry ready for Kafka Streams' meters: window and key-value stores must share tag keys (see
   * {@link StoreTagFilter}), so the filter is installed before any meter exists.
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StoreTagFilter());
    return registry;
  }

  /** Starts Kafka Streams and waits until it is RUNNING, or closes everything and fails after the timeout. */
  public static StreamsApp start(Spec spec) {
    KafkaStreams streams = new KafkaStreams(spec.topology(), spec.properties());
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
        Thread.ofPlatform().name(spec.name().replace(' ', '-') + "-exit").start(() -> spec.exit().accept(EXIT_FATAL));
      }
    });
    CloseStack started = new CloseStack(spec.name());
    // Leave the group on close: without it the partitions stay with this (gone) member until the session times
    // out (45 s), so a replacement or the surviving instances would sit idle that long.
    started.push("kafka-streams", () -> streams.close(CloseOptions.groupMembershipOperation(
        CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(60))));
    KafkaStreamsMetrics streamsMetrics = started.push("kafka-streams-metrics", new KafkaStreamsMetrics(streams));
    try {
      streams.start();
      if (!running.await(spec.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + spec.startTimeout()
            + " (state " + streams.state() + ")");
      }
      // bound once RUNNING, when the tasks and their stores exist: the binder looks for new metrics only every
      // minute, so binding earlier would leave the store metrics out for the first minute
      streamsMetrics.bindTo(spec.registry());
      OpsServer server = null;
      if (spec.metricsPort() > 0) {
        server = started.push("ops-server", OpsServer.start(spec.metricsPort(), spec.registry()::scrape,
            () -> spec.health().of(streams.state(), failures.replaced(), failures.fatal(), activeTasks(streams))));
      }
      return new StreamsApp(streams, failures, spec.health(), server, started);
    } catch (InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      started.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * The health body every Streams application starts from: UP while Streams runs or rebalances, anything else
   * (ERROR, PENDING_SHUTDOWN, ...) DOWN; the Streams state, how many stream threads were replaced after transient
   * failures, why the application is shutting down, if it is, and how many tasks (one per input partition) this
   * instance works on: 0 on an instance beyond the partition count, which is healthy, an idle standby that takes
   * over a task when another instance leaves. Callers add their own components.
   */
  public static ObjectNode healthBody(KafkaStreams.State state, int replacedThreads, String fatal, int activeTasks) {
    boolean up = state.isRunningOrRebalancing();
    ObjectNode body = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
    ObjectNode components = body.putObject("components").put("kafka_streams", state.name())
        .put("replaced_threads", replacedThreads).put("active_tasks", activeTasks);
    if (fatal != null) {
      components.put("fatal_error", fatal);
    }
    return body;
  }

  /** {@link #healthBody} as /health answers it: 503 unless Streams runs or rebalances. */
  public static OpsServer.HealthView basicHealth(KafkaStreams.State state, int replacedThreads, String fatal,
      int activeTasks) {
    return new OpsServer.HealthView(healthBody(state, replacedThreads, fatal, activeTasks).toString(),
        state.isRunningOrRebalancing());
  }

  /** The current health report (what {@code /health} answers). */
  public OpsServer.HealthView health() {
    return health.of(streams.state(), failures.replaced(), failures.fatal(), activeTasks(streams));
  }

  /** The active tasks of this instance's threads; 0 unless Streams runs or rebalances (it only answers then). */
  static int activeTasks(KafkaStreams streams) {
    if (!streams.state().isRunningOrRebalancing()) {
      return 0;
    }
    try {
      return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    } catch (IllegalStateException | StreamsException e) {
      return 0; // the state changed between the check and the call (not running, or not started)
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The port of /metrics and /health, or 0 when they are off. */
  public int metricsPort() {
    return server == null ? 0 : server.port();
  }

  public boolean isClosed() {
    return started.isClosed();
  }

  @Override
  public void close() {
    if (!started.isClosed()) {
      started.close();
    }
  }
}
