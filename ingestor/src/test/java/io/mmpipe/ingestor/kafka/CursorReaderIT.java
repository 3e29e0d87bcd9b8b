package io.mmpipe.ingestor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.OlderWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingestor's restart point survives a schema change: cursors written by an older version are read back. */
class CursorReaderIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void shouldReadCursorsWrittenWithTheOlderSchemaBesideCurrentOnes() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    String name = topics.channelCursors().name();
    ChannelCursor old = ChannelCursor.newBuilder().setChannelId("c-old").setLastUpdateAt(1_000L)
        .setLastPostId("p-old").setUpdatedAt(55L).build();
    ChannelCursor current = ChannelCursor.newBuilder().setChannelId("c-new").setLastUpdateAt(2_000L)
        .setLastPostId("p-new").setUpdatedAt(66L).build();
    try (var producer = new KafkaProducer<>(KAFKA.kafka().clientProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(name, "c-old", OlderWriter.encode(old))).get();
      producer.send(new ProducerRecord<>(name, "c-new",
          topics.channelCursors().valueSerde().serializer().serialize(name, current))).get();
    }

    Map<String, ChannelCursor> read = CursorReader.readAll(new HashMap<>(KAFKA.kafka().clientProperties()),
        topics.channelCursors(), Duration.ofSeconds(60));

    assertThat(read).containsOnlyKeys("c-old", "c-new");
    assertThat(read.get("c-new")).isEqualTo(current);
    // the field the older writer did not have arrives as its default; the others as written
    assertThat(read.get("c-old").getLastUpdateAt()).isEqualTo(1_000L);
    assertThat(read.get("c-old").getLastPostId()).isEqualTo("p-old");
    assertThat(read.get("c-old").getUpdatedAt()).isZero();
  }
}
