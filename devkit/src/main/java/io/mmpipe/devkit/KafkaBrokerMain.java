package io.mmpipe.devkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone KRaft broker process from the Kafka artifacts on the classpath, as {@code kafka-storage format} and
 * {@code kafka-server-start} would run it (the same settings as {@link EmbeddedKafka}, on fixed ports): the broker of
 * {@code ./mmpipe stack}. Node 1 is broker and controller; other nodes are brokers under node 1's controller, as the
 * compose file's {@code brokers3} profile. The log directory is formatted only when it holds no broker yet, so a
 * restarted broker keeps every record it had.
 *
 * <p>Arguments: {@code nodeId brokerPort controllerPort logDir clusterId replication} ({@code controllerPort} is node
 * 1's; {@code replication} is that of the internal topics: 1, or 3 with three brokers).
 */
public final class KafkaBrokerMain {

  private static final Logger log = LoggerFactory.getLogger(KafkaBrokerMain.class);

  private KafkaBrokerMain() {}

  /** The broker settings of node {@code nodeId}; pure, so the stack's tests can check them. */
  public static Map<String, String> properties(int nodeId, int brokerPort, int controllerPort, Path logDir,
      int replication) {
    Map<String, String> overrides = new HashMap<>();
    String rf = String.valueOf(replication);
    String minIsr = String.valueOf(Math.max(1, replication - 1));
    overrides.put("offsets.topic.replication.factor", rf);
    overrides.put("transaction.state.log.replication.factor", rf);
    overrides.put("transaction.state.log.min.isr", minIsr);
    overrides.put("share.coordinator.state.topic.replication.factor", rf);
    overrides.put("share.coordinator.state.topic.min.isr", minIsr);
    Map<String, String> props = EmbeddedKafka.brokerProperties(logDir, brokerPort, controllerPort, overrides);
    props.put("node.id", String.valueOf(nodeId));
    if (nodeId != 1) {
      props.put("process.roles", "broker");
      props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    return props;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: KafkaBrokerMain nodeId brokerPort controllerPort logDir clusterId replication");
      System.exit(2);
    }
    int nodeId = Integer.parseInt(args[0]);
    Path logDir = Path.of(args[3]);
    KafkaConfig config = new KafkaConfig(properties(nodeId, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        logDir, Integer.parseInt(args[5])), false);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      Files.createDirectories(logDir);
      EmbeddedKafka.format(config, logDir, nodeId, args[4]);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping broker {}", nodeId);
      server.shutdown();
      server.awaitShutdown();
      stopped.countDown();
    }, "broker-shutdown"));
    server.startup();
    log.info("Kafka broker {} (KRaft) listening on 127.0.0.1:{}", nodeId, args[1]);
    stopped.await();
  }
}
