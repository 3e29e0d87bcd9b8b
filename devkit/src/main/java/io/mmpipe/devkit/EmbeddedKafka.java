package io.mmpipe.devkit;

import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM: the broker's own
 * {@link KafkaRaftServer}, on storage formatted by Kafka's own {@link Formatter}, as {@code kafka-storage format} and
 * {@code kafka-server-start} would run it. Used by integration tests, the demo and the benchmark.
 *
 * <p>Not Kafka's {@code KafkaClusterTestKit}: in 4.4.0 it needs classes from the {@code kafka-clients} test jar,
 * which is not published for 4.4.0.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final int ATTEMPTS = 3;

  private final KafkaConfig config;
  private final String bootstrapServers;
  private final Path ownDir;
  private final AtomicBoolean closed = new AtomicBoolean();
  private KafkaRaftServer server; // null while stopped
  private Admin admin;

  private EmbeddedKafka(KafkaRaftServer server, KafkaConfig config, String bootstrapServers, Path ownDir) {
    this.server = server;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
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
    Path ownDir = null;
    try {
      ownDir = baseDir == null ? Files.createTempDirectory("mmpipe-kafka-") : null;
      Path dir = baseDir != null ? baseDir : ownDir;
      RuntimeException last = null;
      // The ports are found free, then bound by the broker: another process may take one in between, so retry.
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        Path logDir = dir.resolve("kraft-" + attempt);
        java.util.function.IntSupplier ports = Ports.distinct();
        int brokerPort = ports.getAsInt();
        int controllerPort = ports.getAsInt();
        KafkaConfig config = new KafkaConfig(brokerProperties(logDir, brokerPort, controllerPort, overrides), false);
        format(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
          server.startup();
          EmbeddedKafka kafka = new EmbeddedKafka(server, config, "127.0.0.1:" + brokerPort, ownDir);
          kafka.awaitReady(Duration.ofSeconds(60));
          log.info("Kafka broker (KRaft, in-JVM) ready at {} in {} ms", kafka.bootstrapServers(),
              (System.nanoTime() - t0) / 1_000_000);
          return kafka;
        } catch (RuntimeException e) {
          last = e;
          log.warn("broker start attempt {} failed: {}", attempt, e.toString());
          stopQuietly(server);
        }
      }
      throw last;
    } catch (Exception e) {
      if (ownDir != null) {
        deleteRecursively(ownDir);
      }
      throw new IllegalStateException("cannot start the in-JVM Kafka broker: " + e.getMessage(), e);
    }
  }

  static Map<String, String> brokerProperties(Path logDir, int brokerPort, int controllerPort,
      Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("log.dirs", logDir.toString());
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
    return props;
  }

  /** What {@code kafka-storage format} does; its report goes to the debug log, not to the demo's console. */
  private static void format(KafkaConfig config, Path logDir) throws Exception {
    format(config, logDir, NODE_ID, Uuid.randomUuid().toString());
  }

  /** As {@code kafka-storage format} for node {@code nodeId} of cluster {@code clusterId} (every node the same). */
  static void format(KafkaConfig config, Path logDir, int nodeId, String clusterId) throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    new Formatter()
        .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
        .setNodeId(nodeId)
        .setClusterId(clusterId)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(config.metadataLogDir())
        .setDirectories(List.of(logDir.toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setHasDynamicQuorum(false)
        .run();
    log.debug("storage format: {}", report.toString(StandardCharsets.UTF_8).trim());
  }

  /** The broker answers once it has registered with the controller and fenced nothing: wait for a metadata answer. */
  private void awaitReady(Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
      while (System.nanoTime() < until) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IllegalStateException("the broker did not become ready within " + timeout
        + (last == null ? "" : ": " + last.getMessage()));
  }

  private static void stopQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("error while stopping the Kafka broker: {}", e.toString());
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Stops the broker as an outage would (clients see connections refused); {@link #restartBroker()} brings it back
   * on the same ports with the same log directory, so every record written before is still there.
   */
  public synchronized void stopBroker() {
    if (server == null) {
      throw new IllegalStateException("the broker is already stopped");
    }
    stopQuietly(server);
    server = null;
    log.info("Kafka broker at {} stopped", bootstrapServers);
  }

  /** Starts the stopped broker again on the same ports and log directory (not formatted again). */
  public synchronized void restartBroker() {
    if (closed.get()) {
      throw new IllegalStateException("the broker is closed");
    }
    if (server != null) {
      throw new IllegalStateException("the broker is running");
    }
    long t0 = System.nanoTime();
    RuntimeException last = null;
    // the ports were just released; another process taking one in between is retried, not waited for forever
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
      try {
        s.startup();
        server = s;
        awaitReady(Duration.ofSeconds(60));
        log.info("Kafka broker at {} restarted in {} ms", bootstrapServers, (System.nanoTime() - t0) / 1_000_000);
        return;
      } catch (RuntimeException e) {
        last = e;
        log.warn("broker restart attempt {} failed: {}", attempt, e.toString());
        stopQuietly(s);
        server = null;
      }
    }
    throw last;
  }

  /** Client properties that reach this broker. */
  public Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  /** One admin client on this broker, made on first use and closed with the broker; callers must not close it. */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers));
    }
    return admin;
  }

  /** Creates every topic of the registry (idempotent). */
  public Topics createTopics(Topics topics, int partitions) {
    TopicAdmin.ensureTopics(clientProperties(), topics.creationConfigs(), partitions, (short) 1);
    return topics;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (this) {
        if (admin != null) {
          admin.close(Duration.ofSeconds(5));
        }
      }
      synchronized (this) {
        if (server != null) {
          stopQuietly(server);
          server = null;
        }
      }
      if (ownDir != null) {
        deleteRecursively(ownDir);
      }
    }
  }
}
