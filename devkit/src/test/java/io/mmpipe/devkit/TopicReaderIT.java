package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one topic reader on a real broker: from the beginning, every partition, committed records only. */
class TopicReaderIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static ChannelCursor cursor(String channel, long at) {
    return ChannelCursor.newBuilder().setChannelId(channel).setLastUpdateAt(at).build();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void shouldReadEveryPartitionFromTheBeginningButNotAbortedRecords() throws Exception {
    Topics topics = kafka.createTopics(new Topics("reader-a-"), 3);
    var topic = topics.channelCursors();
    Serializer<ChannelCursor> values = topic.valueSerde().serializer();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
        "transactional.id", "reader-it"), topic.keySerde().serializer(), values)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 6; i++) {
        producer.send(new ProducerRecord<>(topic.name(), "c" + i, cursor("c" + i, i)));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic.name(), "aborted", cursor("aborted", 99)));
      producer.flush();
      producer.abortTransaction();
    }
    try (TopicReader<String, ChannelCursor> reader = TopicReader.keeping(kafka.bootstrapServers(), topic)) {
      awaitTrue(() -> reader.count() >= 6 && reader.atEnd());
      assertThat(reader.values()).extracting(ChannelCursor::getChannelId)
          .containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4", "c5");
    }
  }

  @Test
  void shouldHandRecordsToACallbackAndRefuseToKeepPastItsLimit() throws Exception {
    Topics topics = kafka.createTopics(new Topics("reader-b-"), 1);
    var topic = topics.channelCursors();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic.name(), "c" + i, cursor("c" + i, i))).get();
      }
    }
    List<String> handed = new CopyOnWriteArrayList<>();
    try (var each = TopicReader.forEach(kafka.bootstrapServers(), topic, (r, nanos) -> handed.add(r.key()));
         var capped = TopicReader.keeping(kafka.bootstrapServers(), topic, 3)) {
      awaitTrue(() -> handed.size() == 5 && capped.count() == 5);
      assertThat(handed).containsExactly("c0", "c1", "c2", "c3", "c4");
      assertThat(each.records()).isEmpty();
      assertThatThrownBy(capped::records).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("limit of 3");
    }
  }
}
