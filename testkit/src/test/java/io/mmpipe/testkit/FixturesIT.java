package io.mmpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.devkit.RedisServer;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FixturesIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @Test
  void shouldRoundTripAvroRecordThroughRealBroker() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    var topic = topics.channelCursors();
    ChannelCursor cursor = ChannelCursor.newBuilder().setChannelId("c1").setLastUpdateAt(42L).build();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), "c1", cursor)).get();
    }
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers(),
        "group.id", KafkaExtension.uniqueName("g"), "auto.offset.reset", "earliest"),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      ConsumerRecord<String, ChannelCursor> got = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (got == null && System.currentTimeMillis() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          got = r;
        }
      }
      assertThat(got).isNotNull();
      assertThat(got.value().getLastUpdateAt()).isEqualTo(42L);
    }
  }

  @Test
  void shouldAnswerPingAndComeBackAfterRestart() {
    RedisServer redis = REDIS.server();
    assertThat(redis.ping()).isTrue();
    redis.stop();
    assertThat(redis.ping()).isFalse();
    redis.restart();
    assertThat(redis.ping()).isTrue();
  }
}
