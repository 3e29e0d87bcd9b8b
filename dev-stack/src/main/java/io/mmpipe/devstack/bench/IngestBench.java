package io.mmpipe.devstack.bench;

import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.control.ControlClient;
import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.TopicReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 2: the simulator's load generator at a fixed rate, the ingestor writing to a fresh raw topic
 * (LogAppendTime). The simulator runs in a JVM of its own ({@link SimServer}), driven over its control API. Figures: raw events/s while the load runs, against the offered change rate and the producer
 * baseline; ingest latency from the change's time in the simulator to the broker's append time of its WebSocket copy.
 */
final class IngestBench {

  static final String SECTION = "ingest";
  private static final Logger log = LoggerFactory.getLogger(IngestBench.class);

  private final EmbeddedKafka kafka;
  private final BenchConfig config;

  IngestBench(EmbeddedKafka kafka, BenchConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  /** One WebSocket-sourced raw record: which change it reports and when the broker appended it. */
  record Seen(String key, long appendMs) {}

  void run(BenchReport report, BaselineBench.Result baseline) throws Exception {
    try (SimServer sim = SimServer.start(config.outputDir(), SECTION, config.jfr())) {
      // the channels before the ingestor: their creation is a burst of hundreds of events for the bot, which would
      // overflow a connection's send queue and start the run with a REST catch-up
      int channels = sim.control().ensureLoadChannels(config.ingestChannels()).size();
      measure(sim, channels, report, baseline);
    }
  }

  private void measure(SimServer sim, int channels, BenchReport report, BaselineBench.Result baseline)
      throws Exception {
    Topics topics = BenchTopics.create(kafka.admin(), "bench-ingest-", config.partitions());
    Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    Queue<Long> appendTimes = new ConcurrentLinkedQueue<>();
    try (TopicReader<String, RawEvent> tap = TopicReader.forEach(kafka.bootstrapServers(), topics.rawEvents(),
             (r, n) -> {
           appendTimes.add(r.timestamp());
           String key = r.value().getSource() == Source.WEBSOCKET ? changeKey(r.value()) : null;
           if (key != null) {
             seen.add(new Seen(key, r.timestamp()));
           }
         });
         IngestorMain ingestor = IngestorMain.start(IngestorConfig.fromEnv(Map.of(
             "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
             "MMPIPE_TOPIC_PREFIX", topics.prefix(),
             "MMPIPE_TOPIC_PARTITIONS", String.valueOf(config.partitions()),
             "MATTERMOST_URL", sim.baseUrl().toString(),
             "MATTERMOST_TOKEN", sim.botToken())))) {
      ControlClient control = sim.control();
      awaitStreaming(control, seen);
      // An unmeasured pass at the asked rate first: the simulator's JVM is fresh, and its cold code (interpreted
      // until the JIT compiles it) overflowed the ingestor's socket within 150 ms of a cold start at 5,000/s; each
      // overflow costs a REST catch-up of every channel, which loads the simulator further.
      control.startLoad(config.ingestRate(), channels);
      Thread.sleep(warmup().toMillis());
      control.stopLoad();
      drain(seen);
      ControlClient.Stats before = control.stats();
      long firstOfLoad = before.changesMade();
      Duration simCpuBefore = sim.cpuTime();
      long loadStart = System.currentTimeMillis();
      control.startLoad(config.ingestRate(), channels);
      Thread.sleep(config.ingestDuration().toMillis());
      control.stopLoad();
      long loadEnd = System.currentTimeMillis();
      Duration simCpu = sim.cpuTime().minus(simCpuBefore);
      ControlClient.Stats after = control.stats();
      long changes = after.loadChanges() - before.loadChanges();
      drain(seen);
      List<SimChange> all = new ArrayList<>();
      control.changesSince(0, all);

      double seconds = (loadEnd - loadStart) / 1000.0;
      long rawInWindow = appendTimes.stream().filter(t -> t >= loadStart && t <= loadEnd).count();
      Latency latency = match(all, seen, firstOfLoad);
      Latency.Summary s = latency.summary();
      Schedule schedule = schedule(all, firstOfLoad, seen, loadStart, loadEnd, config.ingestRate());
      Latency.Summary open = schedule.latency().summary();
      double offered = changes / seconds;
      double rawPerSec = rawInWindow / seconds;
      report.add(Figure.vs(SECTION, "offered load (simulator changes)", offered, "changes/s", "asked",
          config.ingestRate(), channels + " channels, " + config.ingestDuration().toSeconds() + " s; the generator"
              + " fell at most " + after.loadMaxBehindMs() + " ms behind its schedule (its own measure)"));
      // CPU time rather than wall time: on a shared machine it hardly moves with what else runs
      report.add(Figure.baseline(SECTION, "simulator CPU per change", simCpu.toNanos() / 1000.0 / Math.max(1, changes),
          "us", "the simulator's JVM (its own process) over the load: generator, WebSocket writer, the REST the "
              + "ingestor called, GC; " + String.format(java.util.Locale.ROOT, "%.2f", simCpu.toMillis() / 1000.0
              / seconds) + " cores"));
      report.add(Figure.vs(SECTION, "keeps up: changes appended/s", schedule.appendedPerSec(), "changes/s",
          "offered load", offered, "WebSocket copies appended during the load; backlog at its end: "
              + schedule.backlog() + " changes, all appended " + schedule.drainMs() + " ms after it"));
      report.add(Figure.vs(SECTION, "raw events written (all sources)", rawPerSec, "events/s",
          "offered load", offered, "WebSocket + poll copies + typing per change"));
      report.add(Figure.vs(SECTION, "WebSocket changes matched", s.count(), "changes", "changes made",
          all.size() - firstOfLoad, "share of the load's changes seen live"));
      if (baseline != null) {
        report.add(Figure.vs(SECTION, "raw events written vs producer capacity", rawPerSec, "events/s",
            BaselineBench.PRODUCER, baseline.producer().recordsPerSec(), "headroom: small is good"));
      }
      // the simulator's clock strictly increases per tick, so above ~1,000 ticks/s it runs ahead of the wall clock
      // and a change's time is later than when it was made: say by how much it was ahead when the load stopped
      long ahead = all.isEmpty() ? 0 : Math.max(0, all.getLast().at() - loadEnd);
      report.add(Figure.vs(SECTION, "ingest latency p50 (change -> append)", s.p50Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P50, baseline == null ? Double.NaN
              : baseline.endToEnd().p50Ms(), "simulator change time to broker append time; the simulator's clock"
              + " was " + ahead + " ms ahead of the wall clock at the end (biases this low)"));
      report.add(Figure.vs(SECTION, "ingest latency p99 (change -> append)", s.p99Ms(), "ms",
          baseline == null ? null : BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : baseline.endToEnd().p99Ms(), ""));
      report.add(Figure.vs(SECTION, "ingest latency p99 (scheduled -> append)", open.p99Ms(), "ms",
          baseline == null ? null : "2 x " + BaselineBench.E2E_P99, baseline == null ? Double.NaN
              : 2 * baseline.endToEnd().p99Ms(), "open model: from the change's slot in the schedule, so the "
              + "generator's lateness counts; p50 " + open.p50Ms() + " ms, max " + open.maxMs() + " ms; goal <= 1"));
    }
  }

  /**
   * The load measured against its schedule (open model): the k-th change of the load (the changes from index
   * {@code firstOfLoad} on: the simulator's clock runs ahead of the wall clock at high rates, so a change's time does
   * not say whether the load made it) was due at {@code loadStart + k / rate}. The latency is the append of its
   * WebSocket copy minus the slot. The backlog is the changes made during the load whose copy was appended after it.
   */
  record Schedule(Latency latency, double appendedPerSec, long backlog, long drainMs) {}

  static Schedule schedule(List<SimChange> changes, long firstOfLoad, Queue<Seen> seen, long loadStart, long loadEnd,
      double rate) {
    Map<String, ArrayDeque<Long>> appendsByKey = appendsByKey(seen);
    Latency latency = new Latency();
    long k = 0;
    long inWindow = 0;
    long backlog = 0;
    long lastAppend = loadEnd;
    int index = 0;
    for (SimChange c : changes) {
      ArrayDeque<Long> q = appendsByKey.get(changeKey(c));
      Long append = q == null ? null : q.poll();
      if (index++ < firstOfLoad) {
        continue;
      }
      long slotMicros = loadStart * 1000 + Math.round(k++ * 1e6 / rate);
      if (append == null) {
        continue;
      }
      latency.recordMicros(append * 1000 - slotMicros);
      if (append <= loadEnd) {
        inWindow++;
      } else {
        backlog++;
        lastAppend = Math.max(lastAppend, append);
      }
    }
    return new Schedule(latency, inWindow / ((loadEnd - loadStart) / 1000.0), backlog,
        lastAppend - loadEnd);
  }

  private static Map<String, ArrayDeque<Long>> appendsByKey(Queue<Seen> seen) {
    Map<String, ArrayDeque<Long>> appendsByKey = new HashMap<>();
    for (Seen s : seen) {
      appendsByKey.computeIfAbsent(s.key(), k -> new ArrayDeque<>()).add(s.appendMs());
    }
    return appendsByKey;
  }

  /**
   * Runs a slow load until a WebSocket copy of one of its changes is appended: the ingestor is connected and writing.
   * These changes come before the measured load's (by position in the change log) and are not counted.
   */
  private static void awaitStreaming(ControlClient control, Queue<Seen> seen) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    control.startLoad(20, 1);
    try {
      while (seen.isEmpty()) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the ingestor wrote no WebSocket event within 60 s");
        }
        Thread.sleep(100);
      }
    } finally {
      control.stopLoad();
    }
  }

  /** The unmeasured pass: a quarter of the measured one, at least 2 s. */
  private Duration warmup() {
    return Duration.ofMillis(Math.max(2_000, config.ingestDuration().toMillis() / 4));
  }

  /** Waits until no new WebSocket record arrived for 2 s (at most 20 s): late copies count, nothing is cut off. */
  private static void drain(Queue<Seen> seen) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    int last = -1;
    long quietSince = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      int now = seen.size();
      if (now != last) {
        last = now;
        quietSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - quietSince > 2_000) {
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * Pairs each change of the load (index {@code firstOfLoad} on: the changes' times run ahead of the wall clock at
   * high rates and cannot tell the warm-up's from the load's) with the first WebSocket record reporting it, in order
   * per key.
   */
  static Latency match(List<SimChange> changes, Queue<Seen> seen, long firstOfLoad) {
    Map<String, ArrayDeque<Long>> appendsByKey = appendsByKey(seen);
    Latency latency = new Latency();
    int index = 0;
    for (SimChange c : changes) {
      boolean ofLoad = index++ >= firstOfLoad;
      ArrayDeque<Long> q = appendsByKey.get(changeKey(c));
      if (q == null || q.isEmpty()) {
        continue;
      }
      long append = q.poll();
      if (ofLoad) {
        latency.recordMillis(append - c.at());
      }
    }
    return latency;
  }



  static String changeKey(SimChange c) {
    return switch (c.kind()) {
      case "post_created", "reply_created" -> "post:" + c.postId();
      case "post_edited" -> "edit:" + c.postId();
      case "post_deleted" -> "del:" + c.postId();
      case "reaction_added" -> "ra:" + c.postId() + ":" + c.userId() + ":" + c.emojiName();
      case "reaction_removed" -> "rr:" + c.postId() + ":" + c.userId() + ":" + c.emojiName();
      default -> "other:" + c.kind();
    };
  }

  static String changeKey(RawEvent e) {
    Object p = e.getPayload();
    return switch (e.getEventType()) {
      case "posted" -> p instanceof PostPayload pp ? "post:" + pp.getPost().getId() : null;
      case "post_edited" -> p instanceof PostPayload pp ? "edit:" + pp.getPost().getId() : null;
      case "post_deleted" -> p instanceof PostPayload pp ? "del:" + pp.getPost().getId() : null;
      case "reaction_added" -> p instanceof ReactionPayload rp ? "ra:" + reaction(rp) : null;
      case "reaction_removed" -> p instanceof ReactionPayload rp ? "rr:" + reaction(rp) : null;
      default -> null;
    };
  }

  private static String reaction(ReactionPayload rp) {
    return rp.getReaction().getPostId() + ":" + rp.getReaction().getUserId() + ":" + rp.getReaction().getEmojiName();
  }
}
