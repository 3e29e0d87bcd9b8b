package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.OlderWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Updates written before a schema change reach subscribers, live and through a catch-up from Kafka. */
class OlderSchemaIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension final GatewayHarness harness = new GatewayHarness(KAFKA);

  @Test
  void shouldDeliverUpdatesWrittenWithTheOlderSchemaLiveAndOnCatchUp() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    GatewayMain gw = harness.gateway(topics, Map.of());
    SseClient live = harness.events(gw, "", Map.of());
    ResourceUpdate older = TestUpdates.post("c1", "old1", "written before the change");
    ResourceUpdate current = TestUpdates.post("c1", "new1", "written after it");
    try (var p = new KafkaProducer<>(KAFKA.kafka().clientProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      String name = topics.updates().name();
      p.send(new ProducerRecord<>(name, "c1", OlderWriter.encode(older))).get();
      p.send(new ProducerRecord<>(name, "c1", topics.updates().valueSerde().serializer().serialize(name, current)))
          .get();
    }

    List<JsonNode> fromRing = updates(live, 2);
    List<JsonNode> fromKafka = updates(harness.events(gw, "?from=earliest", Map.of()), 2);

    for (List<JsonNode> got : List.of(fromRing, fromKafka)) {
      assertThat(got).extracting(n -> n.get("event_id").asText()).containsExactly("post_old1", "post_new1");
      assertThat(got.get(0).get("data").get("post").get("message").asText()).isEqualTo("written before the change");
    }
  }

  private static List<JsonNode> updates(SseClient c, int n) throws InterruptedException {
    return GatewayHarness.take(c, n).stream().map(e -> ResourceUpdateJson.read(e.data())).toList();
  }
}
