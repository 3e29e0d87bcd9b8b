package io.mmpipe.gateway;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Gateways and a producer of mm.updates on a test broker; closes what it started, in reverse. */
public final class GatewayHarness implements AutoCloseable {

  private final KafkaExtension kafka;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  public GatewayHarness(KafkaExtension kafka) {
    this.kafka = kafka;
  }

  /** A gateway on {@code topics} with a free port and a unique instance id; {@code extra} env overrides. */
  public GatewayMain gateway(Topics topics, Map<String, String> extra) {
    return gateway(topics, extra, mcp -> { });
  }

  /** As {@link #gateway(Topics, Map)}, with test tools, resources or prompts registered on {@code /mcp}. */
  public GatewayMain gateway(Topics topics, Map<String, String> extra,
                             java.util.function.Consumer<io.mmpipe.gateway.mcp.McpRoutes> mcp) {
    Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "MMPIPE_TOPIC_PREFIX", topics.prefix(), "GATEWAY_PORT", "0", "SSE_KEEPALIVE", "1s",
        "GATEWAY_INSTANCE_ID", KafkaExtension.uniqueName("gw")));
    env.putAll(extra);
    GatewayMain gw = GatewayMain.start(GatewayConfig.fromEnv(env), mcp);
    toClose.add(gw);
    return gw;
  }

  public KafkaProducer<String, ResourceUpdate> producer(Topics topics) {
    var t = topics.updates();
    KafkaProducer<String, ResourceUpdate> p = new KafkaProducer<>(Map.<String, Object>of(
        "bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5, "acks", "all"),
        t.keySerde().serializer(), t.valueSerde().serializer());
    toClose.add(p);
    return p;
  }

  /** Sends without waiting (flush the producer to be sure it was written). */
  public static void send(KafkaProducer<String, ResourceUpdate> p, Topics topics, ResourceUpdate u) {
    p.send(new ProducerRecord<>(topics.updates().name(), u.getChannelId(), u));
  }

  /** Sends and flushes. */
  public static void publish(KafkaProducer<String, ResourceUpdate> p, Topics topics, ResourceUpdate u) {
    send(p, topics, u);
    p.flush();
  }

  /** Closes {@code c} with the rest. */
  public <T extends AutoCloseable> T track(T c) {
    toClose.add(c);
    return c;
  }

  /** Closes everything, in reverse order, even when one close fails. */
  @Override
  public void close() {
    AssertionError failed = null;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        if (failed == null) {
          failed = new AssertionError("closing test resources failed", e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    toClose.clear();
    if (failed != null) {
      throw failed;
    }
  }
}
