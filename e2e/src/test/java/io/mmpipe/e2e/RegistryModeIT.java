package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.schemas.SchemaRegistrar;
import io.mmpipe.schemas.SchemaRegistry;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registry mode end to end, against a real Apicurio Registry: the whole system writes the Schema Registry wire
 * format, a consumer with nothing but Apicurio's deserializer decodes every topic, and a tier whose schema breaks
 * BACKWARD compatibility is refused at start with the registry's reasons.
 */
class RegistryModeIT {

  @RegisterExtension
  static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static DemoStack stack;
  private static final byte[] NOT_AN_EVENT = "not an event".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void startStack() {
    stack = TestStacks.start("reg", Map.of("POLLING_INTERVAL", "1", SchemaRegistry.ENV, REGISTRY.url()));
  }

  @AfterAll
  static void stopStack() {
    TestStacks.stop(stack);
  }

  @Test
  void shouldRunThePipelineEndToEndInRegistryModeAndRegisterEverySubjectUnderBackward() throws Exception {
    assertThat(stack.topics().registry()).isPresent();
    String channel = stack.sim().world().botChannelIds().getFirst();
    try (SseClient sse = SseClient.connect(URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/events"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sse.status() != null);
      String postId = TestStacks.post(stack, channel, "hello in registry mode");
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events(e -> "created".equals(e.event())
          && e.data().contains(postId)).isEmpty());
      JsonNode update = JSON.readTree(sse.events(e -> e.data().contains(postId)).getFirst().data());
      assertThat(update.get("event_id").asText()).isEqualTo("post_" + postId);
      assertThat(update.at("/data/post/message").asText()).isEqualTo("hello in registry mode");
    }
    // the Confluent-compatible view a standard tool sees: one subject per topic, each BACKWARD
    for (String topic : List.of(stack.topics().rawEvents().name(), stack.topics().updates().name(),
        stack.topics().channelCursors().name(), stack.topics().deadLetters().name(),
        stack.topics().broadcasts().name(), stack.topics().channelActivity().name())) {
      JsonNode config = get(REGISTRY.server().ccompatUrl() + "/config/" + topic + "-value");
      assertThat(config.path("compatibilityLevel").asText()).as(topic).isEqualTo("BACKWARD");
    }
  }

  @Test
  void shouldLetAConsumerWithOnlyTheSerdeLibraryDecodeEveryTopic() throws Exception {
    String channel = stack.sim().world().botChannelIds().getFirst();
    String postId = TestStacks.post(stack, channel, "read me without mmpipe");
    // a dead letter: bytes that are no RawEvent, written where the processor reads
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
        stack.kafka().bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(stack.topics().rawEvents().name(), channel.getBytes(StandardCharsets.UTF_8),
          NOT_AN_EVENT)).get();
    }
    HttpResponse<String> b = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort()
        + "/v1/broadcasts")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"info\",\"text\":\"registry says hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(b.statusCode()).as(b.body()).isEqualTo(202);

    Topics t = stack.topics();
    assertThat(readAll(t.rawEvents().name(), r -> postId.equals(postIdOf(r)))).isNotEmpty();
    List<GenericRecord> updates = readAll(t.updates().name(), r -> ("post_" + postId).equals(
        String.valueOf(r.get("event_id"))));
    assertThat(updates).hasSize(1);
    assertThat(updates.getFirst().getSchema().getFullName()).isEqualTo(ResourceUpdate.getClassSchema()
        .getFullName());
    assertThat(readAll(t.channelCursors().name(), r -> channel.equals(String.valueOf(r.get("channel_id")))))
        .isNotEmpty();
    assertThat(readAll(t.deadLetters().name(), r -> String.valueOf(r.get("reason")).contains("deserialization")))
        .isNotEmpty();
    assertThat(readAll(t.broadcasts().name(), r -> "registry says hi".equals(String.valueOf(r.get("text")))))
        .hasSize(1);
    // the analytics job's output too: it registers its own subject and writes the same wire format
    assertThat(readAll(t.channelActivity().name(), r -> channel.equals(String.valueOf(r.get("channel_id")))
        && ((Number) r.get("messages")).longValue() >= 1)).isNotEmpty();
  }

  @Test
  void shouldRefuseAtStartASchemaThatBreaksBackwardCompatibility() {
    String prefix = KafkaExtension.uniqueName("breaking") + ".";
    SchemaRegistry registry = SchemaRegistry.of(REGISTRY.url());
    // the version already on the topic: a ResourceUpdate without event_id, which the current schema requires
    // with no default, so a reader of the current schema could not read what that version wrote
    Schema before = withoutEventId(ResourceUpdate.getClassSchema());
    new SchemaRegistrar(registry).register(prefix + Topics.UPDATES + "-value", before);

    ProcessorConfig config = ProcessorConfig.of(stack.kafka().bootstrapServers(), prefix,
        KafkaExtension.uniqueName("proc")).withSchemaRegistry(registry);
    assertThatThrownBy(() -> ProcessorMain.start(config).close())
        .isInstanceOf(SchemaRegistrar.RegistrationException.class)
        .hasMessageContaining("refused the ResourceUpdate schema for subject " + prefix + "mm.updates-value")
        .hasMessageContaining("not BACKWARD compatible")
        .hasMessageContaining("event_id");
  }

  /** ResourceUpdate as it would have been before event_id (a field the current schema has with no default). */
  private static Schema withoutEventId(Schema current) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("event_id")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /** The id of the post a raw event carries, or null (read by field name, as any generic reader would). */
  private static String postIdOf(GenericRecord raw) {
    if (raw.get("payload") instanceof GenericRecord payload && payload.hasField("post")
        && payload.get("post") instanceof GenericRecord post) {
      return String.valueOf(post.get("id"));
    }
    return null;
  }


  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /**
   * Every record of {@code topic} matching {@code wanted}, read by a plain KafkaConsumer whose value deserializer
   * is Apicurio's, configured with the registry address only: generic records, no mmpipe class involved. Waits
   * until at least one matches (the pipeline is asynchronous), then returns all that match.
   */
  private static List<GenericRecord> readAll(String topic, java.util.function.Predicate<GenericRecord> wanted) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaExtension.uniqueName("serde-only"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put("apicurio.registry.url", REGISTRY.url() + "/apis/registry/v3");
    List<GenericRecord> matching = new ArrayList<>();
    AvroKafkaDeserializer<Object> avro = configured(new AvroKafkaDeserializer<>(), p);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (Arrays.equals(r.value(), NOT_AN_EVENT)) {
            continue; // the test's own garbage, written to make a dead letter
          }
          Object value = avro.deserialize(topic, r.value());
          assertThat(value).as("records of %s are generic Avro records", topic).isInstanceOf(GenericRecord.class);
          GenericRecord g = (GenericRecord) value;
          if (wanted.test(g)) {
            matching.add(g);
          }
        }
        return !matching.isEmpty();
      });
    }
    return matching;
  }

  private static AvroKafkaDeserializer<Object> configured(AvroKafkaDeserializer<Object> d, Properties p) {
    Map<String, Object> config = new HashMap<>();
    p.forEach((k, v) -> config.put(String.valueOf(k), v));
    d.configure(config, false);
    return d;
  }
}
