package io.mmpipe.devstack.bench;

import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.SseClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 4: the gateway's SSE fan-out. For each subscriber count S: a fresh gateway, S subscribers on
 * {@code /events}, updates written to mm.updates at a fixed rate (open model) carrying their scheduled send time;
 * figures are deliveries/s against S x rate, latency from the scheduled send to receipt, and heap per connection
 * (heap after GC, minus the same before connecting, divided by S), idle and under load.
 */
final class GatewayBench {

  static final String SECTION = "gateway";
  private static final Logger log = LoggerFactory.getLogger(GatewayBench.class);

  private final EmbeddedKafka kafka;
  private final BenchConfig config;

  GatewayBench(EmbeddedKafka kafka, BenchConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    for (int subscribers : config.subscriberCounts()) {
      runOnce(report, baseline, subscribers);
    }
  }

  private void runOnce(BenchReport report, BaselineBench.Result baseline, int subscribers) throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-gw-" + subscribers + "-", config.partitions());
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("MMPIPE_TOPIC_PREFIX", topics.prefix());
    env.put("MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()));
    env.put("GATEWAY_PORT", "0");
    env.put("SSE_MAX_SUBSCRIBERS", String.valueOf(subscribers + 10));
    // every bench subscriber is the one anonymous principal: its stream limit must not be what is measured
    env.put("GATEWAY_MAX_STREAMS_PER_PRINCIPAL", String.valueOf(subscribers + 10));
    BenchClock clock = new BenchClock();
    Latency latency = new Latency();
    LongAdder delivered = new LongAdder();
    List<SseClient> subs = new ArrayList<>();
    List<DeliveryCounter> counters = new ArrayList<>();
    AtomicLong cutoffUs = new AtomicLong(Long.MAX_VALUE);
    long total = Math.round(config.gatewayRate() * config.gatewayDuration().toMillis() / 1000.0);
    // After the measured window the load goes on for a while longer, unmeasured, while another thread takes the
    // heap sample: a full GC inside the window would show up as latency caused by the bench itself.
    long extra = Math.max(Math.round(config.gatewayRate() * 2), 10);
    try (GatewayMain gateway = GatewayMain.start(GatewayConfig.fromEnv(env));
         KafkaProducer<String, ResourceUpdate> producer = producer(topics)) {
      long heapBefore = heapAfterGc();
      URI events = URI.create("http://127.0.0.1:" + gateway.port() + "/events");
      for (int i = 0; i < subscribers; i++) {
        DeliveryCounter counter = new DeliveryCounter(clock, latency, cutoffUs, delivered);
        counters.add(counter);
        subs.add(SseClient.connect(events, Map.of(), counter));
      }
      await(() -> counters.stream().allMatch(DeliveryCounter::ready), 60_000, "every subscriber's ready event");
      long heapIdle = heapAfterGc();

      long startNanos = System.nanoTime();
      long intervalNanos = Math.round(1e9 / config.gatewayRate());
      cutoffUs.set(clock.toMicros(startNanos + total * intervalNanos));
      AtomicLong heapLoad = new AtomicLong(-1);
      Thread sampler = null;
      for (long i = 0; i < total + extra; i++) {
        long due = startNanos + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(new ProducerRecord<>(topics.updates().name(), "c" + (i % 10), update(i, clock.toMicros(due))));
        if (i == total) {
          sampler = Thread.ofPlatform().name("bench-heap-sampler").start(() -> heapLoad.set(heapAfterGcQuietly()));
        }
      }
      producer.flush();
      double sendSeconds = (System.nanoTime() - startNanos) / 1e9;
      long expected = (total + extra) * subscribers;
      await(() -> delivered.sum() >= expected, 30_000, null);
      double deliverSeconds = (System.nanoTime() - startNanos) / 1e9;
      if (sampler != null) {
        sampler.join(30_000);
      }
      long ended = subs.stream().filter(SseClient::ended).count();
      Latency.Summary s = latency.summary();
      String tag = subscribers + " SSE subs";
      report.add(Figure.vs(SECTION, "delivered/s, " + tag, delivered.sum() / deliverSeconds, "events/s",
          "offered (subs x rate)", subscribers * ((total + extra) / sendSeconds),
          delivered.sum() + " of " + expected + " delivered; " + ended + " streams ended early"));
      report.add(Figure.vs(SECTION, "latency p50 (scheduled send -> receipt), " + tag, s.p50Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P50, baseline == null ? Double.NaN
              : baseline.endToEnd().p50Ms(), Math.round(config.gatewayRate()) + " updates/s, open model, " + total + " measured"));
      report.add(Figure.vs(SECTION, "latency p99 (scheduled send -> receipt), " + tag, s.p99Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : baseline.endToEnd().p99Ms(), "max " + s.maxMs() + " ms"));
      report.add(Figure.baseline(SECTION, "heap per connection idle, " + tag,
          (heapIdle - heapBefore) / 1024.0 / subscribers, "KiB", "heap after GC; includes the tiny bench client"));
      report.add(Figure.baseline(SECTION, "heap per connection under load, " + tag,
          (heapLoad.get() - heapBefore) / 1024.0 / subscribers, "KiB", "heap after GC while updates flow"));
    } finally {
      subs.forEach(SseClient::close);
    }
  }

  private static ResourceUpdate update(long i, long sentMicros) {
    String channel = "c" + (i % 10);
    String post = String.format("bench%021d", i);
    String data = "{\"post\":{\"id\":\"" + post + "\",\"channel_id\":\"" + channel + "\",\"user_id\":\"u1\","
        + "\"message\":\"benchmark update " + i + "\",\"create_at\":" + sentMicros / 1000 + "},\"channel_id\":\""
        + channel + "\",\"user_id\":\"u1\",\"team_id\":\"t1\",\"sent_us\":" + sentMicros + "}";
    return ResourceUpdate.newBuilder().setEventId("post_" + post).setResourceUri("mattermost://new_channel_posts")
        .setUpdateType("created").setDataJson(data).setTimestamp(sentMicros / 1e6).setChannelId(channel)
        .setTeamId("t1").setUserId("u1").setObservedAt(sentMicros / 1000).build();
  }

  private KafkaProducer<String, ResourceUpdate> producer(Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("acks", "all");
    props.put("linger.ms", "0");
    return new KafkaProducer<>(props, topics.updates().keySerde().serializer(),
        topics.updates().valueSerde().serializer());
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long heapAfterGcQuietly() {
    try {
      return heapAfterGc();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Polls {@code condition} until true or {@code ms} pass; throws with {@code what} when it must hold. */
  private static void await(java.util.function.BooleanSupplier condition, long ms, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        if (what != null) {
          throw new IllegalStateException("timed out waiting for " + what);
        }
        return;
      }
      Thread.sleep(50);
    }
  }
}
