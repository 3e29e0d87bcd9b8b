package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.testkit.KafkaExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProcessorIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final int CHANNELS = 6;

  private ProcessorConfig config(Topics topics) {
    return ProcessorConfig.of(KAFKA.bootstrapServers(), topics.prefix(), KafkaExtension.uniqueName("proc"));
  }

  private static String channel(int i) {
    return "channel" + (i % CHANNELS);
  }

  /** Post number i, in channel i % CHANNELS, as seen over the WebSocket or by polling. */
  private static RawEvent post(int i, Source source) {
    Post p = Events.post("post" + i, T0 + i).setChannelId(channel(i)).build();
    RawEvent e = source == Source.WEBSOCKET ? Events.posted(p) : Events.polled(p, T0 + i + 30_000);
    e.setChannelId(channel(i));
    return e;
  }

  @Test
  void shouldEmitExactlyOneUpdatePerChangeForWebSocketAndPollingCopies() {
    Topics topics = KAFKA.newTopics();
    try (ProcessorMain proc = ProcessorMain.start(config(topics));
        KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      assertThat(proc.state()).isEqualTo(KafkaStreams.State.RUNNING);
      for (int i = 0; i < 1000; i++) {
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.WEBSOCKET)));
        producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.POLL)));
      }
      Map<String, Integer> seen = readUntilSentinels(producer, topics, reader, 1000);
      assertThat(seen).hasSize(1000).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      assertThat(proc.metrics().duplicatesDropped()).isGreaterThanOrEqualTo(1000.0);
    }
  }

  @Test
  void shouldDeliverEveryUpdateOnceWhenTheProcessorIsReplacedMidStream() throws Exception {
    Topics topics = KAFKA.newTopics();
    ProcessorConfig cfg = config(topics);
    int total = 3000;
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    try (KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < total; i++) {
            producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.WEBSOCKET)));
            producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.POLL)));
            sent.incrementAndGet();
            if (i % 100 == 0) {
              producer.flush();
              Thread.sleep(20); // keep writing across the replacement
            }
          }
          producer.flush();
        } catch (Exception e) {
          failed.set(true);
        }
      });
      ProcessorMain first = ProcessorMain.start(cfg);
      await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() > total / 3);
      first.close();
      // a new instance with the same application id and an empty state directory (another machine)
      try (ProcessorMain second = ProcessorMain.start(cfg.withStateDir(Files.createTempDirectory("proc-b")))) {
        writer.join(Duration.ofSeconds(120));
        assertThat(failed).isFalse();
        Map<String, Integer> seen = readUntilSentinels(producer, topics, reader, total);
        assertThat(seen).hasSize(total).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      }
    }
  }

  @Test
  void shouldRecogniseDuplicatesAfterLocalStateIsWipedAndRestored() throws Exception {
    Topics topics = KAFKA.newTopics();
    ProcessorConfig cfg = config(topics);
    try (KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      try (ProcessorMain first = ProcessorMain.start(cfg)) {
        for (int i = 0; i < 200; i++) {
          producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.WEBSOCKET)));
        }
        assertThat(readUntilSentinels(producer, topics, reader, 200, "a")).hasSize(200);
      }
      deleteRecursively(cfg.stateDir());
      assertThat(cfg.stateDir()).doesNotExist();
      try (ProcessorMain second = ProcessorMain.start(cfg)) {
        // polling copies of the same 200 posts (replayed), and 100 new ones
        for (int i = 0; i < 300; i++) {
          producer.send(new ProducerRecord<>(topics.rawEvents().name(), channel(i), post(i, Source.POLL)));
        }
        Map<String, Integer> after = readUntilSentinels(producer, topics, reader, 100, "b");
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
            Stream.iterate(200, i -> i + 1).limit(100).map(i -> "post_post" + i).toList());
        assertThat(second.metrics().duplicatesDropped()).isGreaterThanOrEqualTo(200.0);
      }
    }
  }

  @Test
  void shouldReportReactionsChangedWhileTheIngestorWasDownAfterASnapshot() {
    Topics topics = KAFKA.newTopics();
    try (ProcessorMain proc = ProcessorMain.start(config(topics));
        KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      String ch = Events.CHANNEL;
      KafkaIo.send(producer, topics, ch, Events.reactionAdded(Events.reaction("p1", "u1", "+1", T0 + 100), T0 + 101));
      // the ingestor is down while u1's +1 is removed and u2 adds and removes a heart; then polling resumes
      KafkaIo.send(producer, topics, ch, Events.snapshot("p1", T0 + 900, List.of(), T0 + 60_000));
      // u3 reacts and un-reacts across two polls while the WebSocket is still down
      KafkaIo.send(producer, topics, ch,
          Events.snapshot("p1", T0 + 1000, List.of(Events.reaction("p1", "u3", "tada", T0 + 950)), T0 + 61_000));
      KafkaIo.send(producer, topics, ch, Events.snapshot("p1", T0 + 1100, List.of(), T0 + 62_000));
      List<String> ids = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        KafkaIo.poll(reader, Duration.ofMillis(200)).forEach(u -> ids.add(u.getEventId()));
        assertThat(ids).containsExactly("reaction_p1_u1_+1_added_1", "reaction_p1_u1_+1_removed_2",
            "reaction_p1_u3_tada_added_1", "reaction_p1_u3_tada_removed_2");
      });
    }
  }

  @Test
  void shouldSendUnusableRecordsToTheDlqUnderExactlyOnce() {
    Topics topics = KAFKA.newTopics(1);
    try (ProcessorMain proc = ProcessorMain.start(config(topics));
        KafkaProducer<String, byte[]> bytes = KafkaIo.bytesProducer(KAFKA.bootstrapServers());
        KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        TopicReader<byte[], DeadLetter> dlq = KafkaIo.dlqReader(KAFKA.bootstrapServers(), topics);
        TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      bytes.send(new ProducerRecord<>(topics.rawEvents().name(), "c1", "not avro".getBytes(StandardCharsets.UTF_8)));
      bytes.flush();
      KafkaIo.send(producer, topics, "c1",
          Events.ws("posted", StatusPayload.newBuilder().setUserId("u").setStatus("away").build(), T0));
      KafkaIo.send(producer, topics, "c1", Events.posted(Events.post("ok", T0).build()));
      List<DeadLetter> letters = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        letters.addAll(KafkaIo.poll(dlq, Duration.ofMillis(200)));
        assertThat(letters).hasSize(2);
      });
      letters.sort(Comparator.comparing(DeadLetter::getSourceOffset));
      assertThat(letters.get(0).getReason()).startsWith("deserialization:");
      assertThat(letters.get(0).getSourceOffset()).isEqualTo(0L);
      assertThat(letters.get(1).getReason()).contains("PostPayload");
      assertThat(letters.get(1).getSourceOffset()).isEqualTo(1L);
      assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo(topics.rawEvents().name()));
      await().atMost(Duration.ofSeconds(60)).until(() -> KafkaIo.poll(reader, Duration.ofMillis(200)).stream()
          .anyMatch(u -> u.getEventId().equals("post_ok")));
    }
  }

  @Test
  void shouldServeHealthAndPrometheusMetricsWhenAPortIsSet() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    ProcessorConfig cfg = config(topics).withMetricsPort(io.mmpipe.devkit.Ports.free());
    try (ProcessorMain proc = ProcessorMain.start(cfg);
        KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
        var http = java.net.http.HttpClient.newHttpClient()) {
      KafkaIo.send(producer, topics, "c1", Events.posted(Events.post("m1", T0).build()));
      KafkaIo.send(producer, topics, "c1", Events.posted(Events.post("m1", T0).build()));
      String base = "http://127.0.0.1:" + proc.metricsPort();
      var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains("RUNNING");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("mmpipe_processor_records_in_total{event_type=\"posted\"} 2.0")
            .contains("mmpipe_processor_duplicates_dropped_total 1.0")
            .contains("mmpipe_processor_records_out_total{update_type=\"created\"} 1.0")
            .contains("kafka_stream_thread") // Kafka Streams' own metrics are bound too
            // window and key-value stores under one metric name (Prometheus refused the second kind before)
            .containsPattern("kafka_stream_state_num_entries_imm_mem_tables\\{[^}]*store=\"seen-event-ids\"")
            .containsPattern("kafka_stream_state_num_entries_imm_mem_tables\\{[^}]*store=\"post-threads\"");
      });
    }
  }

  private static Map<String, Integer> readUntilSentinels(KafkaProducer<String, RawEvent> producer, Topics topics,
      TopicReader<String, ResourceUpdate> reader, int expected) {
    return readUntilSentinels(producer, topics, reader, expected, "s");
  }

  /**
   * Writes one sentinel post per channel after the data; a channel's order is kept, so once every sentinel is out,
   * everything before it is out too. Returns the count of each non-sentinel event id.
   */
  private static Map<String, Integer> readUntilSentinels(KafkaProducer<String, RawEvent> producer, Topics topics,
      TopicReader<String, ResourceUpdate> reader, int expected, String round) {
    for (int c = 0; c < CHANNELS; c++) {
      Post p = Events.post("sentinel-" + round + c, T0).setChannelId("channel" + c).build();
      producer.send(new ProducerRecord<>(topics.rawEvents().name(), "channel" + c, Events.posted(p)));
    }
    producer.flush();
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    AtomicInteger sentinels = new AtomicInteger();
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (ResourceUpdate u : KafkaIo.poll(reader, Duration.ofMillis(200))) {
        if (u.getEventId().startsWith("post_sentinel-")) {
          sentinels.incrementAndGet();
        } else {
          counts.merge(u.getEventId(), 1, Integer::sum);
        }
      }
      return sentinels.get() >= CHANNELS;
    });
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected);
    return counts;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

}
