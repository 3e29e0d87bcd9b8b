package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionFilterTest {

  private final ResourceUpdate postInC1 = TestUpdates.post("c1", "p1", "hi");
  private final ResourceUpdate reactionInC2 = TestUpdates.reaction("c2", "p1", "eyes");

  @Test
  void shouldMatchEverythingWithoutParameters() {
    SubscriptionFilter f = SubscriptionFilter.fromQuery(Map.of());
    assertThat(f.matches(postInC1)).isTrue();
    assertThat(f.matches(reactionInC2)).isTrue();
  }

  @Test
  void shouldAcceptRepeatedAndCommaSeparatedValues() {
    SubscriptionFilter f = SubscriptionFilter.fromQuery(Map.of("channel_id", List.of("c9, c2", "c3")));
    assertThat(f.channelIds()).containsExactlyInAnyOrder("c9", "c2", "c3");
    assertThat(f.matches(reactionInC2)).isTrue();
    assertThat(f.matches(postInC1)).isFalse();
  }

  @Test
  void shouldCombineDimensionsWithAnd() {
    SubscriptionFilter f = SubscriptionFilter.fromQuery(Map.of("resource", List.of("mattermost://reactions"),
        "channel_id", List.of("c1,c2"), "type", List.of("reaction_added")));
    assertThat(f.matches(reactionInC2)).isTrue();
    assertThat(f.matches(postInC1)).isFalse();
    assertThat(f.matches(TestUpdates.reaction("c3", "p", "eyes"))).isFalse();
  }

  @Test
  void shouldFilterByTeamAndNotMatchUpdatesWithoutTeam() {
    SubscriptionFilter f = SubscriptionFilter.fromQuery(Map.of("team_id", List.of("team1")));
    assertThat(f.matches(postInC1)).isTrue();
    assertThat(f.matches(reactionInC2)).isFalse(); // reactions carry no team id
  }

  @Test
  void shouldRejectResourceThatIsNotAMattermostUri() {
    assertThatThrownBy(() -> SubscriptionFilter.fromQuery(Map.of("resource", List.of("http://x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mattermost://");
  }
}
