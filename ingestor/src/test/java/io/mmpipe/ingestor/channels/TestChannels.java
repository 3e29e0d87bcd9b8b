package io.mmpipe.ingestor.channels;

import io.mmpipe.mattermost.rest.ChannelInfo;
import java.util.List;

/** A channel directory over fixed open channels of team "t", already listed (the unit tests' channel set). */
public final class TestChannels {

  private TestChannels() {}

  public static ChannelDirectory directory(List<String> channelIds) {
    List<String> ids = List.copyOf(channelIds);
    ChannelDirectory dir = new ChannelDirectory(new ChannelSource() {
      @Override
      public List<String> myTeamIds() {
        return List.of("t");
      }

      @Override
      public List<ChannelInfo> myChannels(String teamId) {
        return ids.stream().map(c -> new ChannelInfo(c, "t", "O", c, 0)).toList();
      }
    }, null, List.of());
    dir.refresh();
    return dir;
  }
}
