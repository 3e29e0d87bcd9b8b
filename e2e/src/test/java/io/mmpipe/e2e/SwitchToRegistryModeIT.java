package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.SchemaRegistry;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.ProcessorMain;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RegistryExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running stack switched from single-object encoding to registry mode loses nothing and repeats nothing: readers
 * first (the processor, which reads both encodings once it has the registry), then writers (the ingestor). Every
 * post made before, during and after the switch reaches mm.updates exactly once, and the topic holds records of
 * both encodings, all read by the same registry-mode reader.
 */
class SwitchToRegistryModeIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final byte SINGLE_OBJECT_MARKER = (byte) 0xC3;

  @Test
  void shouldLoseAndRepeatNothingWhenAStackSwitchesToRegistryModeMidStream() throws Exception {
    Topics single = KAFKA.newTopics();
    Topics registry = new Topics(single.prefix(), SchemaRegistry.of(REGISTRY.url()));
    String appId = KafkaExtension.uniqueName("switch");
    ProcessorConfig processor = ProcessorConfig.of(KAFKA.bootstrapServers(), single.prefix(), appId);
    List<String> posts = new ArrayList<>();
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults());
        Tiers tiers = new Tiers(KAFKA, sim);
        TopicReader<String, ResourceUpdate> updates = TopicReader.keeping(KAFKA.bootstrapServers(),
            registry.updates())) {
      String channel = sim.world().botChannelIds().getFirst();
      String user = sim.world().userIds().getFirst();

      // 1. everything single-object
      ProcessorMain before = ProcessorMain.start(processor);
      IngestorMain oldIngestor = tiers.start(tiers.ingestor(single, "before").build());
      postAndAwait(sim, user, channel, "single-object", posts, updates);

      // 2. the reader first: the same processor (same application id, so same offsets and dedupe state) in
      //    registry mode, still fed single-object raw events by the old ingestor
      before.close();
      try (ProcessorMain after = ProcessorMain.start(processor.withSchemaRegistry(registry.registry().orElseThrow()))) {
        postAndAwait(sim, user, channel, "mixed", posts, updates);

        // 3. then the writer: the ingestor in registry mode (it reads back cursors of both encodings)
        oldIngestor.close();
        tiers.start(tiers.ingestor(registry, "after").build());
        postAndAwait(sim, user, channel, "registry", posts, updates);

        // the new ingestor's first poll looks back over every post above: its copies must all be deduped
        String marker = sim.world().createPost(user, channel, "the end").id();
        await().atMost(Duration.ofSeconds(90)).until(() -> ids(updates).contains("post_" + marker));
        Thread.sleep(3000); // a poll interval and more: late copies would have arrived by now
      }
      List<String> created = ids(updates).stream().filter(id -> id.startsWith("post_") && !id.contains("_edited_")
          && !id.endsWith("_deleted")).toList();
      assertThat(created).doesNotHaveDuplicates();
      assertThat(created).containsAll(posts.stream().map(p -> "post_" + p).toList());
      assertThat(firstBytes(single.updates().name())).as("mm.updates holds both encodings")
          .contains(SINGLE_OBJECT_MARKER, (byte) 0);
    }
  }

  private static void postAndAwait(MattermostSim sim, String user, String channel, String phase, List<String> posts,
                                   TopicReader<String, ResourceUpdate> updates) {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mine.add(sim.world().createPost(user, channel, phase + " " + i).id());
    }
    posts.addAll(mine);
    await().atMost(Duration.ofSeconds(90)).until(() -> ids(updates).containsAll(
        mine.stream().map(p -> "post_" + p).toList()));
  }

  private static List<String> ids(TopicReader<String, ResourceUpdate> reader) {
    return reader.values().stream().map(ResourceUpdate::getEventId).toList();
  }

  /** The first byte of every record of the topic, read raw. */
  private static List<Byte> firstBytes(String topic) {
    List<Byte> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
        "group.id", KafkaExtension.uniqueName("bytes"), "auto.offset.reset", "earliest",
        "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(r.value()[0]);
        }
        return out.contains(SINGLE_OBJECT_MARKER) && out.contains((byte) 0);
      });
    }
    return out;
  }
}
