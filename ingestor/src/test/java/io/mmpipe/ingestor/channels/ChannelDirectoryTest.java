package io.mmpipe.ingestor.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.mattermost.rest.ChannelInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelDirectoryTest {

  private final Map<String, List<ChannelInfo>> byTeam = new HashMap<>();
  private final List<String> teamCalls = new ArrayList<>();
  private final ChannelSource source = new ChannelSource() {
    @Override
    public List<String> myTeamIds() {
      return List.copyOf(byTeam.keySet());
    }

    @Override
    public List<ChannelInfo> myChannels(String teamId) {
      teamCalls.add(teamId);
      return byTeam.getOrDefault(teamId, List.of());
    }
  };

  private static ChannelInfo ch(String id, String team, String type) {
    return new ChannelInfo(id, team, type, id, 0);
  }

  @Test
  void shouldListEveryTeamIncludingDirectAndGroupMessagesOnce() {
    byTeam.put("t1", List.of(ch("a", "t1", "O"), ch("dm", "", "D"), ch("gm", "", "G")));
    byTeam.put("t2", List.of(ch("b", "t2", "P"), ch("dm", "", "D")));
    ChannelDirectory d = new ChannelDirectory(source, null, List.of());
    assertThat(d.refresh()).containsExactlyInAnyOrder("a", "b", "dm", "gm");
    assertThat(d.teamOf("a")).isEqualTo("t1");
    assertThat(d.teamOf("b")).isEqualTo("t2");
    assertThat(d.teamOf("dm")).isEmpty();
    assertThat(d.teamOf("zzz")).isNull();
    assertThat(d.fixed()).isFalse();
  }

  @Test
  void shouldListOnlyTheConfiguredTeam() {
    byTeam.put("t1", List.of(ch("a", "t1", "O")));
    byTeam.put("t2", List.of(ch("b", "t2", "O")));
    ChannelDirectory d = new ChannelDirectory(source, "t2", List.of());
    d.refresh();
    assertThat(d.ids()).containsExactly("b");
    assertThat(teamCalls).containsExactly("t2");
  }

  @Test
  void shouldWatchExactlyTheConfiguredChannelsWithTheirTeams() {
    byTeam.put("t1", List.of(ch("a", "t1", "O"), ch("b", "t1", "O")));
    ChannelDirectory d = new ChannelDirectory(source, null, List.of("b", "unlisted"));
    d.refresh();
    assertThat(d.ids()).containsExactlyInAnyOrder("b", "unlisted");
    assertThat(d.watches("a")).isFalse();
    assertThat(d.teamOf("b")).isEqualTo("t1");
    assertThat(d.fixed()).isTrue();
  }

  @Test
  void shouldTellListenersAboutAddedChannelsAndDropDeletedOnes() {
    byTeam.put("t1", new ArrayList<>(List.of(ch("a", "t1", "O"))));
    ChannelDirectory d = new ChannelDirectory(source, null, List.of());
    List<Set<String>> heard = new ArrayList<>();
    d.onAdded(heard::add);
    d.refresh();
    byTeam.put("t1", List.of(ch("a", "t1", "O"), ch("new", "t1", "O"),
        new ChannelInfo("gone", "t1", "O", "gone", 123)));
    assertThat(d.refresh()).containsExactly("new");
    assertThat(heard).containsExactly(Set.of("a"), Set.of("new"));
    assertThat(d.watches("gone")).as("deleted channels are not watched").isFalse();
    byTeam.put("t1", List.of(ch("new", "t1", "O")));
    assertThat(d.refresh()).isEmpty();
    assertThat(d.ids()).containsExactly("new");
  }
}
