package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.devkit.TopicReader;
import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ingestor restarted after a crash finds what happened while it was down through the cursors the REAL stream
 * processor wrote (mm.channel-cursors), not a formula of the test's own: every change made meanwhile reaches
 * mm.updates.
 */
class CursorRestartIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void shouldCatchUpFromTheCursorsTheProcessorWroteAfterACrash() throws Exception {
    Topics topics = KAFKA.newTopics();
    try (MattermostSim sim = MattermostSim.start(SimConfig.defaults());
        Tiers tiers = new Tiers(KAFKA, sim);
        TopicReader<String, ResourceUpdate> updates = TopicReader.keeping(KAFKA.bootstrapServers(), topics.updates());
        TopicReader<String, ChannelCursor> cursors = TopicReader.keeping(KAFKA.bootstrapServers(),
            topics.channelCursors())) {
      tiers.processor(topics);
      WorldControls world = sim.world();
      String alice = world.userIds().getFirst();
      List<String> channels = world.botChannelIds().stream().limit(3).toList();

      IngestorMain first = tiers.start(tiers.ingestor(topics, "first").build());
      List<SimPost> before = new ArrayList<>();
      for (String ch : channels) {
        before.add(world.createPost(alice, ch, "before the crash in " + ch));
      }
      SimPost last = before.getLast();
      await().atMost(Duration.ofSeconds(60)).until(() -> cursors.values().stream()
          .anyMatch(c -> c.getChannelId().equals(last.channelId()) && c.getLastPostId().equals(last.id())));
      await().atMost(Duration.ofSeconds(60)).until(() -> cursors.values().stream()
          .map(ChannelCursor::getChannelId).distinct().count() == channels.size());
      first.close(); // the crash: nothing of its state survives but mm.channel-cursors

      List<String> expected = new ArrayList<>();
      SimPost doomed = before.getFirst();
      world.deletePost(doomed.id());
      expected.add("post_" + doomed.id() + "_deleted");
      for (SimPost old : before.subList(1, before.size())) { // changes to posts from before the crash
        SimPost edited = world.editPost(old.id(), "edited while down");
        expected.add("post_" + old.id() + "_edited_" + edited.editAt());
        world.addReaction(alice, old.id(), "eyes");
        expected.add("reaction_" + old.id() + "_" + alice + "_eyes_added_1");
      }
      for (String ch : channels) {
        expected.add("post_" + world.createPost(alice, ch, "posted while down").id());
      }

      // a lookback of 1 ms and no WebSocket: only the processor's cursors can lead it to what happened meanwhile
      tiers.start(tiers.ingestor(topics, "second").enableStreaming(false)
          .pollingLookback(Duration.ofMillis(1)).build());
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
          updates.values().stream().map(ResourceUpdate::getEventId).toList()).containsAll(expected));
    }
  }
}
