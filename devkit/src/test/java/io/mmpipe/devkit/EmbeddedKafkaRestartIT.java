package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** An outage on a real broker: stopped, refusing clients, restarted on the same port with every record kept. */
class EmbeddedKafkaRestartIT {

  private static ChannelCursor cursor(String channel, long at) {
    return ChannelCursor.newBuilder().setChannelId(channel).setLastUpdateAt(at).build();
  }

  @Test
  void shouldRefuseClientsWhileStoppedAndComeBackOnTheSamePortWithItsRecords() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      var topic = kafka.createTopics(new Topics("restart-"), 1).channelCursors();
      Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "delivery.timeout.ms", 3000,
          "request.timeout.ms", 1000, "linger.ms", 0, "max.block.ms", 3000);
      try (var producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
          topic.valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(topic.name(), "before", cursor("before", 1))).get(30, TimeUnit.SECONDS);
        kafka.stopBroker();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic.name(), "during", cursor("during", 2)))
            .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        kafka.restartBroker();
        producer.send(new ProducerRecord<>(topic.name(), "after", cursor("after", 3))).get(60, TimeUnit.SECONDS);
      }
      try (TopicReader<String, ChannelCursor> reader = TopicReader.keeping(kafka.bootstrapServers(), topic)) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reader.count() < 2 && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertThat(reader.values()).extracting(ChannelCursor::getChannelId).containsExactly("before", "after");
      }
      assertThatThrownBy(kafka::restartBroker).hasMessageContaining("running");
    }
  }
}
