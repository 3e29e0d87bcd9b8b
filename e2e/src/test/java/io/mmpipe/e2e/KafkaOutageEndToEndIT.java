package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.ingestor.Health;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stops for longer than the ingestor's {@code delivery.timeout.ms} while Mattermost keeps changing, with
 * the ingestor AND the processor running: once it is back, every change made before, during and after the outage is
 * in {@code mm.updates}, each exactly once by event id. Its own broker: the test stops it.
 */
class KafkaOutageEndToEndIT {

  private static final int DELIVERY_TIMEOUT_MS = 3_000;

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void shouldPutEveryChangeMadeAroundABrokerOutageInTheUpdatesExactlyOnce() throws Exception {
    Topics topics = KAFKA.newTopics();
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults());
        Tiers tiers = new Tiers(KAFKA, sim);
        TopicReader<String, ResourceUpdate> updates = TopicReader.keeping(KAFKA.bootstrapServers(), topics.updates())) {
      tiers.processor(topics);
      IngestorMain ing = tiers.start(tiers.ingestor(topics, "outage").pollingLookback(Duration.ofMillis(1))
          .kafkaProperty("delivery.timeout.ms", DELIVERY_TIMEOUT_MS)
          .kafkaProperty("request.timeout.ms", 1_000)
          .kafkaProperty("max.block.ms", 2_000)
          .kafkaProperty("reconnect.backoff.max.ms", 500)
          .build());
      WorldControls world = sim.world();
      String alice = world.userIds().getFirst();
      List<String> channels = world.botChannelIds().stream().limit(3).toList();
      List<String> expected = new ArrayList<>();
      List<SimPost> before = new ArrayList<>();
      for (String ch : channels) {
        SimPost p = world.createPost(alice, ch, "before the outage in " + ch);
        before.add(p);
        expected.add("post_" + p.id());
      }
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids(updates)).containsAll(expected));

      KAFKA.kafka().stopBroker();
      long stoppedAt = System.currentTimeMillis();
      // Mattermost goes on changing during the outage: new posts, and edits, reactions and a deletion of older ones
      int round = 0;
      while (System.currentTimeMillis() < stoppedAt + 3L * DELIVERY_TIMEOUT_MS) {
        for (String ch : channels) {
          expected.add("post_" + world.createPost(alice, ch, "during the outage " + round).id());
        }
        if (round < before.size()) { // once each: REST shows only a post's last version (ingestor README)
          SimPost old = before.get(round);
          SimPost edited = world.editPost(old.id(), "edited during the outage");
          expected.add("post_" + old.id() + "_edited_" + edited.editAt());
        }
        round++;
        Thread.sleep(500);
      }
      for (SimPost old : before) {
        world.addReaction(alice, old.id(), "eyes");
        expected.add("reaction_" + old.id() + "_" + alice + "_eyes_added_1");
      }
      world.deletePost(before.getFirst().id());
      expected.add("post_" + before.getFirst().id() + "_deleted");
      await().atMost(Duration.ofSeconds(60)).until(() -> ing.health().status() == Health.Status.DOWN);
      KAFKA.kafka().restartBroker();
      for (String ch : channels) {
        expected.add("post_" + world.createPost(alice, ch, "after the outage in " + ch).id());
      }

      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(ids(updates)).containsAll(expected));
      Thread.sleep(3_000); // a late second copy would come now
      Map<String, Long> copies = ids(updates).stream()
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(copies).as("update ids delivered more than once").allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(ing.metrics().producerErrors()).as("the outage was felt").isPositive();
    }
  }

  private static List<String> ids(TopicReader<String, ResourceUpdate> updates) {
    return updates.values().stream().map(ResourceUpdate::getEventId).toList();
  }
}
