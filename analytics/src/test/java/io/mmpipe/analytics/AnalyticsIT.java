package io.mmpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.analytics.activity.ChannelPartitioner;
import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job on a real broker: topic creation, exactly-once counts across a restart, partitions, /health. */
class AnalyticsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final long HOUR = 3_600_000;
  /** A whole hour two hours ago: every change of the test falls in its first minute. */
  private static final long T0 = (System.currentTimeMillis() / HOUR - 2) * HOUR;

  private AnalyticsConfig config(Topics topics, String appId) throws Exception {
    return AnalyticsConfig.of(KAFKA.bootstrapServers(), topics.prefix(), appId)
        .withCommitInterval(Duration.ofMillis(200));
  }

  private static KafkaProducer<String, ResourceUpdate> producer(Topics topics) {
    return new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "acks", "all"),
        new StringSerializer(), topics.updates().valueSerde().serializer());
  }

  private static void send(KafkaProducer<String, ResourceUpdate> p, Topics topics, ResourceUpdate u)
      throws Exception {
    p.send(new ProducerRecord<>(topics.updates().name(), u.getChannelId(), u)).get();
  }

  private static ResourceUpdate post(String channel, String user, long at) {
    return ActivityHarness.update("mattermost://new_channel_posts", "created", channel, user, at, "{}");
  }

  /** The latest record per key, and the partition each key was seen on. */
  private static Map<String, ConsumerRecord<String, ChannelActivity>> latest(
      TopicReader<String, ChannelActivity> reader) {
    Map<String, ConsumerRecord<String, ChannelActivity>> out = new HashMap<>();
    for (ConsumerRecord<String, ChannelActivity> r : reader.records()) {
      out.put(r.key(), r);
    }
    return out;
  }

  @Test
  void shouldCountEveryUpdateOnceAcrossARestartOnTheChannelsPartition() throws Exception {
    Topics topics = KAFKA.newTopics(4);
    String appId = KafkaExtension.uniqueName("analytics");
    List<String> channels = List.of("town-square", "off-topic", "dev");
    try (KafkaProducer<String, ResourceUpdate> producer = producer(topics);
        TopicReader<String, ChannelActivity> reader =
            TopicReader.keeping(KAFKA.bootstrapServers(), topics.channelActivity())) {
      try (AnalyticsMain job = AnalyticsMain.start(config(topics, appId))) {
        assertThat(job.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(job.outputPartitions()).isEqualTo(4); // mm.updates' count, not the configured default (3)
        for (int i = 0; i < 30; i++) {
          send(producer, topics, post(channels.get(i % 3), "user" + (i % 5), T0 + i));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(latest(reader))
            .hasEntrySatisfying(AnalyticsTopology.key("dev", "minute", T0),
                r -> assertThat(r.value().getMessages()).isEqualTo(10)));
      }
      // a second instance with an empty state directory restores the windows from their changelog
      AnalyticsConfig again = config(topics, appId);
      again = new AnalyticsConfig(again.kafka(), again.topicPrefix(), appId, Files.createTempDirectory("an-b"),
          again.commitInterval(), 1, 0, 3, (short) 1, again.startTimeout(), again.grace(),
          again.minuteRetention(), again.hourRetention(), again.topicRetention(), again.limits(), null);
      try (AnalyticsMain job = AnalyticsMain.start(again)) {
        for (int i = 30; i < 36; i++) {
          send(producer, topics, post(channels.get(i % 3), "late" + i, T0 + i));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          Map<String, ConsumerRecord<String, ChannelActivity>> out = latest(reader);
          for (String c : channels) {
            ChannelActivity hour = out.get(AnalyticsTopology.key(c, "hour", T0)).value();
            assertThat(hour.getMessages()).as(c).isEqualTo(12);
          }
        });
        Map<String, ConsumerRecord<String, ChannelActivity>> out = latest(reader);
        // dev: user0..user4 before the restart (remembered through the changelog), late32 and late35 after it
        assertThat(out.get(AnalyticsTopology.key("dev", "minute", T0)).value().getActiveUsers()).isEqualTo(7);
        // every window of a channel sits on the partition its updates use on mm.updates
        out.values().forEach(r -> assertThat(r.partition()).as(r.key())
            .isEqualTo(ChannelPartitioner.of(r.value().getChannelId(), 4)));
      }
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topics.channelActivity().name());
      Config c = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertThat(c.get("cleanup.policy").value()).isEqualTo("compact,delete");
      assertThat(c.get("retention.ms").value())
          .isEqualTo(String.valueOf(AnalyticsConfig.DEFAULT_TOPIC_RETENTION.toMillis()));
    }
  }

  @Test
  void shouldServeHealthAndMetricsWhileRunning() throws Exception {
    Topics topics = KAFKA.newTopics();
    AnalyticsConfig config = config(topics, KafkaExtension.uniqueName("analytics-ops"));
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (AnalyticsMain job = AnalyticsMain.start(config.withMetricsPort(port));
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + job.metricsPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"kafka_streams\":\"RUNNING\"");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + job.metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("kafka_stream");
    }
  }
}
