package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A measurement, not a check of speed: the processor's throughput next to a plain Kafka consumer reading the same
 * records in the same run, and the latency it adds, for several commit intervals. Figures are printed and appended
 * to target/processor-bench.txt; only correctness (every record arrived) is asserted.
 * Sizes: -Dbench.changes (default 10000 changes, each written twice: WebSocket + polling copy);
 * -Dbench.intervals (default 20,100,1000 ms commit intervals); -Dbench.threads (default 1 stream thread).
 */
class ThroughputIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final int CHANNELS = 30;
  private static final Path OUT = Path.of("target", "processor-bench.txt");

  @Test
  void shouldMeasureThroughputAndAddedLatencyPerCommitInterval() throws Exception {
    int changes = Integer.getInteger("bench.changes", 10_000);
    int threads = Integer.getInteger("bench.threads", 1);
    report(String.format("%n# %s, %d changes x2 copies, %d channels, 3 partitions, %d stream thread(s), 2-core host%n",
        java.time.Instant.now(), changes, CHANNELS, threads));
    report(String.format("%-10s %14s %14s %12s %10s %10s %10s %10s %12s%n", "commit_ms", "consumer_rec/s",
        "processor_rec/s", "ratio", "raw_p50ms", "raw_p99ms", "proc_p50ms", "proc_p99ms", "cpu_us/rec"));
    long[] intervals = java.util.Arrays.stream(System.getProperty("bench.intervals", "20,100,1000").split(","))
        .map(String::trim).mapToLong(Long::parseLong).toArray();
    // all topics first: creating topics while a previous run's processor still commits made the broker answer
    // NotLeaderOrFollower to the next run's producer
    List<Topics> sets = new java.util.ArrayList<>();
    for (int i = 0; i < intervals.length; i++) {
      sets.add(KAFKA.newTopics(3));
    }
    Thread.sleep(2000);
    for (int i = 0; i < intervals.length; i++) {
      run(sets.get(i), changes, intervals[i], threads);
    }
  }

  private void run(Topics topics, int changes, long commitMs, int threads) throws Exception {
    String bootstrap = KAFKA.bootstrapServers();
    int records = changes * 2;
    try (KafkaProducer<String, RawEvent> producer = KafkaIo.producer(bootstrap, topics)) {
      for (int i = 0; i < changes; i++) {
        String ch = "channel" + (i % CHANNELS);
        Post p = Events.post("post" + i, T0 + i).setChannelId(ch).setMessage("message number " + i).build();
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), ch, Events.posted(p)));
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), ch, Events.polled(p, T0 + i + 1000)));
      }
      producer.flush();

      // Kafka's own consumer on the same records, deserializing them as the processor does
      double consumerRate;
      try (KafkaConsumer<String, RawEvent> c = new KafkaConsumer<>(KafkaIo.readCommitted(bootstrap),
          new StringDeserializer(), topics.rawEvents().valueSerde().deserializer())) {
        c.subscribe(List.of(topics.rawEvents().name()));
        int n = 0;
        long t0 = 0;
        while (n < records) {
          var batch = c.poll(Duration.ofMillis(500));
          if (t0 == 0 && !batch.isEmpty()) {
            t0 = System.nanoTime();
          }
          n += batch.count();
        }
        consumerRate = records / ((System.nanoTime() - t0) / 1e9);
      }

      ProcessorConfig cfg = ProcessorConfig.of(bootstrap, topics.prefix(), KafkaExtension.uniqueName("bench"))
          .withCommitInterval(Duration.ofMillis(commitMs)).withThreads(threads);
      try (TopicReader<String, ResourceUpdate> updates = KafkaIo.updatesReader(bootstrap, topics)) {
        KafkaIo.poll(updates, Duration.ofMillis(100)); // assigned before the processor starts writing
        long t0 = System.nanoTime();
        try (ProcessorMain proc = ProcessorMain.start(cfg)) {
          long started = System.nanoTime();
          long cpuAtStart = cpuNanos(cfg.applicationId());
          int n = 0;
          long firstAt = 0;
          while (n < changes) {
            int got = KafkaIo.poll(updates, Duration.ofMillis(200)).size();
            if (got > 0 && firstAt == 0) {
              firstAt = System.nanoTime();
            }
            n += got;
          }
          assertThat(n).isEqualTo(changes);
          // from RUNNING to the last update visible to a read_committed reader
          double procRate = records / ((System.nanoTime() - started) / 1e9);
          double cpuPerRecord = (cpuNanos(cfg.applicationId()) - cpuAtStart) / 1000.0 / records;
          Latency lat = latency(producer, topics, bootstrap, updates);
          report(String.format("%-10d %14.0f %14.0f %12.2f %10.1f %10.1f %10.1f %10.1f %12.1f%n", commitMs,
              consumerRate,
              procRate, procRate / consumerRate, lat.raw.getValueAtPercentile(50) / 1000.0,
              lat.raw.getValueAtPercentile(99) / 1000.0, lat.proc.getValueAtPercentile(50) / 1000.0,
              lat.proc.getValueAtPercentile(99) / 1000.0, cpuPerRecord));
          assertThat(t0).isPositive();
        }
      }
    }
  }

  private record Latency(Histogram raw, Histogram proc) {}

  /**
   * CPU time of the processor's own threads (stream threads and their producers, named after the application id).
   * Unlike a rate, CPU per record hardly depends on what else the shared host is running.
   */
  private static long cpuNanos(String applicationId) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(applicationId)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.threadId()));
      }
    }
    return sum;
  }

  /** 2,000 fresh posts at ~400/s; latency = when a reader sees it - when it was produced (microseconds). */
  private Latency latency(KafkaProducer<String, RawEvent> producer, Topics topics, String bootstrap,
      TopicReader<String, ResourceUpdate> updates) throws Exception {
    int count = 2000;
    Histogram raw = new Histogram(60_000_000L, 3);
    Histogram proc = new Histogram(60_000_000L, 3);
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong rawSeen = new AtomicLong();
    try (KafkaConsumer<String, byte[]> rawReader = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
        "group.id", KafkaExtension.uniqueName("raw"), "auto.offset.reset", "latest"), new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      rawReader.subscribe(List.of(topics.rawEvents().name()));
      while (rawReader.assignment().isEmpty()) {
        rawReader.poll(Duration.ofMillis(100));
      }
      rawReader.seekToEnd(rawReader.assignment());
      rawReader.assignment().forEach(rawReader::position);
      Thread rawThread = Thread.ofPlatform().start(() -> {
        while (!done.get()) {
          var batch = rawReader.poll(Duration.ofMillis(50));
          long now = System.nanoTime() / 1000;
          for (ConsumerRecord<String, byte[]> r : batch) {
            raw.recordValue(Math.max(0, now - Long.parseLong(r.headers().lastHeader("sent-us").value().length > 0
                ? new String(r.headers().lastHeader("sent-us").value()) : "0")));
            rawSeen.incrementAndGet();
          }
        }
      });
      AtomicLong procSeen = new AtomicLong();
      // read the updates while producing: the reader must not add the producer's duration to the latency
      Thread procThread = Thread.ofPlatform().start(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (procSeen.get() < count && System.nanoTime() < deadline) {
          var batch = KafkaIo.poll(updates, Duration.ofMillis(50));
          long now = System.currentTimeMillis();
          for (ResourceUpdate u : batch) {
            // observed_at is the producer's wall clock (ms), in this same JVM
            proc.recordValue(Math.max(0, now - u.getObservedAt()) * 1000);
            procSeen.incrementAndGet();
          }
        }
      });
      long startNs = System.nanoTime();
      for (int i = 0; i < count; i++) {
        String ch = "channel" + (i % CHANNELS);
        long nowMs = System.currentTimeMillis();
        Post p = Events.post("lat" + i, nowMs).setChannelId(ch).build();
        RawEvent e = Events.posted(p);
        e.setObservedAt(nowMs);
        ProducerRecord<String, RawEvent> rec = new ProducerRecord<>(topics.rawEvents().name(), null, nowMs, ch, e);
        rec.headers().add("sent-us", Long.toString(System.nanoTime() / 1000).getBytes());
        producer.send(rec);
        long wait = startNs + (i + 1) * 2_500_000L - System.nanoTime(); // 400 per second
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait); // never spin: the host has 2 cores
        }
      }
      producer.flush();
      procThread.join();
      int seen = (int) procSeen.get();
      done.set(true);
      rawThread.join();
      assertThat(seen).isEqualTo(count);
      assertThat(rawSeen.get()).isEqualTo(count);
    }
    return new Latency(raw, proc);
  }

  private static void report(String line) throws IOException {
    System.out.print(line);
    Files.createDirectories(OUT.getParent());
    Files.writeString(OUT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
