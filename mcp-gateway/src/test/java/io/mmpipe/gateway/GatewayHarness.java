package io.mmpipe.gateway;

import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.SseClient;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.TokenLedger;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gateways and a producer of mm.updates on a test broker; closes what it started, in reverse — after each test
 * when registered as an instance {@code @RegisterExtension}, or when closed.
 */
public final class GatewayHarness implements AutoCloseable, AfterEachCallback {

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
    // the API tokens a test configures: the secret scan after the build looks for them in every log
    for (String entry : env.getOrDefault("GATEWAY_API_TOKENS", "").split(",")) {
      TokenLedger.record(entry.substring(entry.indexOf('=') + 1));
    }
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

  /** Publishes posts {@code <prefix>0..n-1} on channel c1, in order, and flushes. */
  public void publishPosts(Topics topics, String prefix, int n) {
    KafkaProducer<String, ResourceUpdate> p = producer(topics);
    for (int i = 0; i < n; i++) {
      send(p, topics, TestUpdates.post("c1", prefix + i, "m"));
    }
    p.flush();
  }

  /** What retention does when segments expire: moves the log start of partition 0 of mm.updates to {@code offset}. */
  public void deleteUpdatesBefore(Topics topics, long offset) throws Exception {
    try (Admin admin = Admin.create(kafka.kafka().clientProperties())) {
      admin.deleteRecords(Map.of(new TopicPartition(topics.updates().name(), 0), RecordsToDelete.beforeOffset(offset)))
          .all().get();
    }
  }

  /** Deletes mm.updates and creates it again under the same name (another topic id), with one partition. */
  public static void recreate(Admin admin, Topics topics) throws Exception {
    String name = topics.updates().name();
    admin.deleteTopics(List.of(name)).all().get();
    await().atMost(Duration.ofSeconds(60)).until(() -> !admin.listTopics().names().get().contains(name));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(TopicExistsException.class).until(() -> {
      try {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(topics.updates().configs()))).all().get();
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException t) {
          throw t; // the deletion is still being applied
        }
        throw e;
      }
    });
  }

  /** An SSE stream of {@code /events} (query and headers as given) past its {@code ready} event. */
  public SseClient events(GatewayMain gw, String query, Map<String, String> headers) throws Exception {
    SseClient c = track(SseClient.connect("http://127.0.0.1:" + gw.port() + "/events" + query, headers));
    if (c.status() != 200) {
      throw new AssertionError("GET /events" + query + " answered " + c.status());
    }
    SseClient.Event ready = c.next(Duration.ofSeconds(30));
    if (ready == null || !ready.event().equals("ready")) {
      throw new AssertionError("expected the ready event first, got " + ready);
    }
    return c;
  }

  /** Reads events until {@code n} arrived or 60 s passed (every event counts). */
  public static List<SseClient.Event> take(SseClient c, int n) throws InterruptedException {
    List<SseClient.Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      SseClient.Event e = c.next(Duration.ofSeconds(1));
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /** Closes {@code c} with the rest. */
  public <T extends AutoCloseable> T track(T c) {
    toClose.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
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
