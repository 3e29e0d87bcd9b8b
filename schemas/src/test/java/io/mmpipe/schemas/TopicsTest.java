package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldNameTheFiveTopicsAsDesigned() {
    assertThat(Topics.DEFAULT.all()).extracting(Topic::name)
        .containsExactly("mm.events.raw", "mm.updates", "mm.channel-cursors", "mm.events.dlq", "mm.broadcasts");
  }

  @Test
  void shouldKeyBroadcastsBySenderAndCreateThemWithTheOthers() {
    Topics t = new Topics("p.");
    assertThat(t.broadcasts().name()).isEqualTo("p.mm.broadcasts");
    assertThat(t.broadcasts().keySerde().serializer().serialize("x", "alice")).isEqualTo("alice".getBytes());
    assertThat(t.creationConfigs()).containsKey("p.mm.broadcasts");
    assertThat(t.broadcasts().configs()).containsEntry("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
  }

  @Test
  void shouldCompactOnlyTheCursorTopic() {
    assertThat(Topics.DEFAULT.channelCursors().compacted()).isTrue();
    assertThat(Topics.DEFAULT.all()).filteredOn(Topic::compacted).hasSize(1);
  }

  @Test
  void shouldPrefixEveryTopicFromTheEnvironment() {
    Topics t = Topics.fromEnv(Map.of("MMPIPE_TOPIC_PREFIX", "staging."));
    assertThat(t.all()).allSatisfy(topic -> assertThat(topic.name()).startsWith("staging.mm."));
  }

  @Test
  void shouldRefuseTopicNamesThatBreakTheNamingRule() {
    assertThatThrownBy(() -> new Topics("Bad_Prefix.")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldKeepTheAnalyticsTopicOutOfTheCoreTopicsAndCompactAndDeleteIt() {
    Topics t = new Topics("p.");
    assertThat(t.channelActivity().name()).isEqualTo("p.mm.analytics.channel-activity");
    assertThat(t.creationConfigs()).doesNotContainKey("p.mm.analytics.channel-activity");
    assertThat(t.channelActivity().configs()).containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", String.valueOf(Topics.CHANNEL_ACTIVITY_RETENTION_MS))
        .containsEntry("min.compaction.lag.ms", "60000");
  }
}
