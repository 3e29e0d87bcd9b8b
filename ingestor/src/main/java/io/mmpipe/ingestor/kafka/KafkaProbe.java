package io.mmpipe.ingestor.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its nodes once a second until it answers, then reports back once. Runs only while Kafka is
 * marked unavailable: the sources have stopped reading, so no record would tell us that Kafka has returned.
 */
final class KafkaProbe implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaProbe.class);
  private static final long PERIOD_MS = 1000;

  private final Map<String, Object> kafkaProps;
  private final Runnable onAnswer;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Thread thread;

  KafkaProbe(Map<String, Object> kafkaProps, Runnable onAnswer) {
    this.kafkaProps = Map.copyOf(kafkaProps);
    this.onAnswer = onAnswer;
  }

  /** Starts probing unless a probe already runs. */
  void start() {
    if (!closed && running.compareAndSet(false, true)) {
      thread = Thread.ofVirtual().name("kafka-probe").start(this::run);
    }
  }

  private void run() {
    Map<String, Object> props = new java.util.HashMap<>(kafkaProps);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(props)) {
      while (!closed) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            running.set(false);
            onAnswer.run();
            return;
          }
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          log.debug("Kafka still unavailable: {}", e.toString());
        }
        Thread.sleep(PERIOD_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.set(false);
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
