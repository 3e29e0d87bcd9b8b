package io.mmpipe.devkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * {@code ./mmpipe stack}. Every node is broker and controller, each on its own controller port, and the quorum's
 * voters are all the nodes, as in {@code docker-compose.brokers3.yml} (the three-broker overlay): any one node may
 * stop and the other two keep a quorum. The log directory is formatted only when it holds no broker yet, so a
 * restarted broker keeps every record it had.
 *
 * <p>Arguments: {@code nodeId brokerPort controllerPorts logDir clusterId replication} ({@code controllerPorts}: one
 * per node, comma-separated, node 1's first; {@code replication}: that of the brokers' own topics, 1, or 3 with
 * three brokers).
 */
public final class KafkaBrokerMain {

  private static final Logger log = LoggerFactory.getLogger(KafkaBrokerMain.class);

  private KafkaBrokerMain() {}

  /**
   * The broker settings of node {@code nodeId} (1-based) of {@code controllerPorts.size()} nodes; pure, so the
   * stack's tests can check them against the overlay. With replication 3 the minimum in-sync replicas is 2 (an
   * acks=all write is on two brokers before it is acknowledged, and one broker may be down); with 1 it is 1.
   */
  public static Map<String, String> properties(int nodeId, int brokerPort, List<Integer> controllerPorts,
      Path logDir, int replication) {
    if (nodeId < 1 || nodeId > controllerPorts.size()) {
      throw new IllegalArgumentException("node " + nodeId + " of " + controllerPorts.size());
    }
    Map<String, String> overrides = new HashMap<>();
    String rf = String.valueOf(replication);
    String minIsr = String.valueOf(Math.max(1, replication - 1));
    overrides.put("min.insync.replicas", minIsr);
    overrides.put("offsets.topic.replication.factor", rf);
    overrides.put("transaction.state.log.replication.factor", rf);
    overrides.put("transaction.state.log.min.isr", minIsr);
    overrides.put("share.coordinator.state.topic.replication.factor", rf);
    overrides.put("share.coordinator.state.topic.min.isr", minIsr);
    Map<String, String> props = EmbeddedKafka.brokerProperties(logDir, brokerPort,
        controllerPorts.get(nodeId - 1), overrides);
    props.put("node.id", String.valueOf(nodeId));
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < controllerPorts.size(); i++) {
      voters.add((i + 1) + "@127.0.0.1:" + controllerPorts.get(i));
    }
    props.put("controller.quorum.voters", String.join(",", voters));
    return props;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: KafkaBrokerMain nodeId brokerPort controllerPorts logDir clusterId replication");
      System.exit(2);
    }
    int nodeId = Integer.parseInt(args[0]);
    Path logDir = Path.of(args[3]);
    List<Integer> controllerPorts = Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList();
    KafkaConfig config = new KafkaConfig(properties(nodeId, Integer.parseInt(args[1]), controllerPorts, logDir,
        Integer.parseInt(args[5])), false);
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
