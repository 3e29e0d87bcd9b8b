package io.mmpipe.devkit;

import io.mmpipe.schemas.Topics;
import io.mmpipe.runtime.kafka.TopicAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM, built from the
 * Kafka artifacts with {@link KafkaClusterTestKit}. Used by integration tests and by {@code ./mmpipe demo}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaClusterTestKit cluster;
  private final Path ownDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path ownDir) {
    this.cluster = cluster;
    this.ownDir = ownDir;
  }

  /** Starts a broker with its data in a temporary directory (deleted on close). */
  public static EmbeddedKafka start() {
    return start(null, Map.of());
  }

  /**
   * @param baseDir   where the broker keeps its logs, or null for a temporary directory deleted on close
   * @param overrides extra broker settings
   */
  public static EmbeddedKafka start(Path baseDir, Map<String, String> overrides) {
    long t0 = System.nanoTime();
    Map<String, String> props = new HashMap<>();
    // A single node: every internal topic at replication factor 1, or consumer groups and transactions wait forever.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "3");
    props.put("auto.create.topics.enable", "false");
    // Compaction of mm.channel-cursors must be visible in tests, not after the 15 s default.
    props.put("log.cleaner.backoff.ms", "1000");
    props.putAll(overrides);
    try {
      // Our own directory, deleted by close(): the test kit's temporary directories are deleted by a JVM
      // shutdown hook that races with an orderly shutdown (Ctrl-C in the demo) and makes the broker halt the JVM.
      Path ownDir = baseDir == null ? Files.createTempDirectory("mmpipe-kafka-") : null;
      TestKitNodes.Builder nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(baseDir != null ? baseDir : ownDir);
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
          .setDeleteOnClose(false);
      props.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(cluster, ownDir);
      log.info("Kafka broker (KRaft, in-JVM) ready at {} in {} ms", kafka.bootstrapServers(),
          (System.nanoTime() - t0) / 1_000_000);
      return kafka;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the in-JVM Kafka broker: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }

  /** Kafka's storage formatter prints its bootstrap metadata to System.out; nobody running the demo needs that. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      cluster.format();
    } finally {
      System.setOut(out);
      log.debug("storage format: {}", captured.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Client properties that reach this broker. */
  public Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  public Admin admin() {
    return cluster.admin();
  }

  /** Creates every topic of the registry (idempotent). */
  public Topics createTopics(Topics topics, int partitions) {
    TopicAdmin.ensureTopics(clientProperties(), topics.creationConfigs(), partitions, (short) 1);
    return topics;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        cluster.close();
      } catch (Exception e) {
        log.warn("error while stopping the Kafka broker: {}", e.toString());
      }
      if (ownDir != null) {
        deleteRecursively(ownDir);
      }
    }
  }
}
