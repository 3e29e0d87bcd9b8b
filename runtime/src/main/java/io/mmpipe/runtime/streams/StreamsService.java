package io.mmpipe.runtime.streams;

import io.mmpipe.runtime.ops.OpsServer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kafka Streams application's composition root (the stream processor's, the analytics job's) offers once
 * started: its health, its state, its metrics port, and a close that happens once.
 */
public abstract class StreamsService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  private final StreamsApp app;
  private final String name;

  protected StreamsService(StreamsApp app, String name) {
    this.app = app;
    this.name = name;
  }

  /** The current health report (what {@code /health} answers). */
  public OpsServer.HealthView health() {
    return app.health();
  }

  public KafkaStreams.State state() {
    return app.state();
  }

  /** The port of /metrics and /health, or 0 when they are off. */
  public int metricsPort() {
    return app.metricsPort();
  }

  @Override
  public void close() {
    if (!app.isClosed()) {
      app.close();
      log.info("{} stopped", name);
    }
  }
}
