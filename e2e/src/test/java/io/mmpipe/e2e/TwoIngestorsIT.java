package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ingestors on one Mattermost give exactly the updates one gives (docs/contracts.md, "Two ingestors"): one
 * simulator, one pipeline with a single ingestor and another with two, both running through the same load at once;
 * their mm.updates hold the same event ids, each once.
 */
class TwoIngestorsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final String[] STATUSES = {"away", "online", "dnd", "online", "offline", "online"};

  @Test
  void shouldGiveWithTwoIngestorsExactlyTheUpdatesOfOne() throws Exception {
    Topics one = KAFKA.newTopics();
    Topics two = KAFKA.newTopics();
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults());
        Tiers tiers = new Tiers(KAFKA, sim);
        TopicReader<String, ResourceUpdate> fromOne = TopicReader.keeping(KAFKA.bootstrapServers(), one.updates());
        TopicReader<String, ResourceUpdate> fromTwo = TopicReader.keeping(KAFKA.bootstrapServers(), two.updates())) {
      tiers.processor(one);
      tiers.processor(two);
      tiers.start(tiers.ingestor(one, "solo").build());
      tiers.start(tiers.ingestor(two, "pair-a").build());
      tiers.start(tiers.ingestor(two, "pair-b").build());

      WorldControls world = sim.world();
      String channel = world.botChannelIds().getFirst();
      String bot = sim.botUserId();
      List<String> users = world.userIds();
      sim.load().start(8, 3); // posts, replies, edits, deletes, reactions, typing
      for (int round = 0; round < 30; round++) { // about a minute with the pauses below
        world.setStatus(bot, STATUSES[round % STATUSES.length]); // status_change reaches the bot's own connections
        String member = users.get(users.size() - 1 - round % 3);
        if (round % 2 == 0) {
          world.removeMember(channel, member);
        } else {
          world.addMember(channel, member);
        }
        world.typing(users.getFirst(), channel, "");
        Thread.sleep(2000);
      }
      sim.load().stop();
      String marker = world.createPost(users.getFirst(), channel, "the end").id();
      await().atMost(Duration.ofSeconds(120)).until(() -> ids(fromOne).contains("post_" + marker)
          && ids(fromTwo).contains("post_" + marker));
      // the polling copies of the last changes come up to a poll interval later
      awaitQuiet(fromOne);
      awaitQuiet(fromTwo);

      List<String> single = ids(fromOne);
      assertThat(single).doesNotHaveDuplicates()
          .anyMatch(id -> id.startsWith("post_")).anyMatch(id -> id.contains("_edited_"))
          .anyMatch(id -> id.endsWith("_deleted")).anyMatch(id -> id.startsWith("reaction_"))
          .anyMatch(id -> id.startsWith("status_")).anyMatch(id -> id.startsWith("member_"))
          .anyMatch(id -> id.startsWith("typing_"));
      List<String> pair = ids(fromTwo);
      // the figures for the fault table (docs): by kind, what one ingestor gave and what two gave
      for (String kind : List.of("post_", "reaction_", "status_", "member_", "typing_")) {
        System.out.printf("two-ingestors %-9s one=%d two=%d%n", kind, single.stream().filter(i -> i.startsWith(kind))
            .count(), pair.stream().filter(i -> i.startsWith(kind)).count());
      }
      assertThat(pair).containsExactlyInAnyOrderElementsOf(single);
    }
  }

  private static List<String> ids(TopicReader<String, ResourceUpdate> reader) {
    return reader.values().stream().map(ResourceUpdate::getEventId).toList();
  }

  /** Waits until the topic took nothing new for five seconds. */
  private static void awaitQuiet(TopicReader<String, ResourceUpdate> reader) throws InterruptedException {
    long last = -1;
    while (reader.count() != last) {
      last = reader.count();
      Thread.sleep(5000);
    }
  }
}
