package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldNameTheFourTopicsAsDesigned() {
    assertThat(Topics.DEFAULT.all()).extracting(Topic::name)
        .containsExactly("mm.events.raw", "mm.updates", "mm.channel-cursors", "mm.events.dlq");
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
}
