package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 6: a subscriber one hour behind. It connects to a fresh gateway and keeps its {@code ready} event's id (the
 * resume token of the live end), disconnects; {@link BenchConfig#resumeUpdates} updates (an hour at the gateway
 * section's rate) are written to mm.updates; it reconnects with {@code Last-Event-ID} and reads until it has them
 * all. Figures: catch-up updates/s against ConsumerPerformance reading the same topic in the same run, the time to
 * catch up, and how many arrived exactly once and in order per channel (one channel is one key, so one partition).
 */
final class ResumeBench {

  static final String SECTION = "resume";
  static final String CONSUMER = "ConsumerPerformance on mm.updates";
  private static final Logger log = LoggerFactory.getLogger(ResumeBench.class);

  private final EmbeddedKafka kafka;
  private final BaselineBench tools;
  private final BenchConfig config;

  ResumeBench(EmbeddedKafka kafka, BaselineBench tools, BenchConfig config) {
    this.kafka = kafka;
    this.tools = tools;
    this.config = config;
  }

  void run(BenchReport report) throws Exception {
    long n = config.resumeUpdates();
    Topics topics = BenchTopics.create(kafka.admin(), "bench-resume-", config.partitions());
    GatewayConfig gatewayConfig = GatewayConfig.fromEnv(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "MMPIPE_TOPIC_PREFIX", topics.prefix(),
        "MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()),
        "GATEWAY_PORT", "0"));
    try (GatewayMain gateway = GatewayMain.start(gatewayConfig)) {
      URI events = URI.create("http://127.0.0.1:" + gateway.port() + "/events");
      String token = liveToken(events);
      long written = write(topics, n);
      log.info("resume: {} updates written behind the token; ConsumerPerformance reads them", written);
      ToolOutput.ConsumerResult consumer = tools.consumerPerformance("consumer-performance-updates",
          topics.updates().name(), n);
      report.add(Figure.baseline(SECTION, CONSUMER, consumer.fetchRecordsPerSec(), "records/s",
          n + " ResourceUpdates, " + config.partitions() + " partitions (group join excluded)"));

      InOrder order = new InOrder(n);
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      try (SseClient sub = SseClient.connect(events, Map.of("Last-Event-ID", token), order)) {
        long limitMs = Math.max(60_000, n / 2); // at least 2,000 updates/s, or the section fails
        if (!order.all.await(limitMs, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the resumed subscriber received " + order.received + " of " + n
              + " updates within " + limitMs / 1000 + " s (status " + sub.status() + ")");
        }
      }
      long cpu = processCpuNanos() - cpu0;
      long t1 = System.nanoTime();
      double seconds = (order.lastNanos - t0) / 1e9;
      // like ConsumerPerformance's fetch rate, which leaves out its group join: from the first update received (the
      // connect and the opening of the gateway's catch-up reader are in the time to catch up below)
      double rate = (n - 1) / ((order.lastNanos - order.firstNanos) / 1e9);
      double consumerSeconds = n / consumer.fetchRecordsPerSec();
      report.add(Figure.vs(SECTION, "catch-up, SSE Last-Event-ID, " + n + " behind", rate, "updates/s", CONSUMER,
          consumer.fetchRecordsPerSec(), "first to last update received; goal >= 0.5"));
      report.add(Figure.vs(SECTION, "time to catch up, " + n + " behind", seconds, "s", CONSUMER + " time",
          consumerSeconds, String.format("connect to last update; the first came after %.0f ms",
              (order.firstNanos - t0) / 1e6)));
      if (cpu0 >= 0) {
        // is the catch-up waiting or working? This JVM holds everything it needs (broker, gateway, subscriber):
        // CPU it used per update against the wall time per update times the cores; 1.0 is every core busy
        int cores = Runtime.getRuntime().availableProcessors();
        double wallUs = (t1 - t0) / 1e3 / n;
        report.add(Figure.vs(SECTION, "CPU per caught-up update (broker, gateway, subscriber)", cpu / 1e3 / n, "us",
            "wall time per update x " + cores + " cores", wallUs * cores,
            "ratio = share of the cores this JVM used while catching up (other processes take the rest)"));
      }
      report.add(Figure.vs(SECTION, "received once and in order", order.inOrder, "updates", "updates written", n,
          order.received + " received, " + (order.received - order.inOrder) + " duplicate, missing or out of order"));
    }
  }

  /** CPU time this JVM used so far, in ns; -1 where the JVM does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Connects, takes the resume token of the {@code ready} event (the live end of the log), disconnects. */
  private static String liveToken(URI events) throws InterruptedException {
    AtomicReference<String> token = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(1);
    try (SseClient ignored = SseClient.connect(events, Map.of(), e -> {
      if ("ready".equals(e.event())) {
        token.set(e.id());
        ready.countDown();
      }
    })) {
      if (!ready.await(60, TimeUnit.SECONDS) || token.get() == null) {
        throw new IllegalStateException("no ready event with a resume token within 60 s");
      }
    }
    return token.get();
  }

  private long write(Topics topics, long n) {
    BenchClock clock = new BenchClock();
    try (KafkaProducer<String, ResourceUpdate> producer = BenchUpdates.producer(kafka.clientProperties(), topics, 5)) {
      for (long i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(topics.updates().name(), BenchUpdates.channel(i),
            BenchUpdates.update(i, clock.nowMicros())));
      }
      producer.flush();
    }
    return n;
  }

  /**
   * Counts the updates received and how many were the next one expected in their channel (update i is in channel
   * i mod {@link BenchUpdates#CHANNELS}, so channel c expects c, c + 10, c + 20, ...); counts down when all arrived.
   */
  static final class InOrder implements SseClient.Listener {

    private final long total;
    private final long[] next = new long[BenchUpdates.CHANNELS];
    final CountDownLatch all = new CountDownLatch(1);
    volatile long received;
    volatile long inOrder;
    volatile long firstNanos;
    volatile long lastNanos;

    InOrder(long total) {
      this.total = total;
      for (int c = 0; c < next.length; c++) {
        next[c] = c;
      }
    }

    @Override
    public void onEvent(SseClient.Event event) {
      long i = BenchUpdates.number(event.data());
      if (i < 0) {
        return; // ready, keep-alive or a signal
      }
      if (received == 0) {
        firstNanos = System.nanoTime();
      }
      int c = (int) (i % BenchUpdates.CHANNELS);
      if (i == next[c]) {
        inOrder++;
      }
      next[c] = Math.max(next[c], i + BenchUpdates.CHANNELS);
      received++;
      if (received == total) {
        lastNanos = System.nanoTime();
        all.countDown();
      }
    }
  }
}
