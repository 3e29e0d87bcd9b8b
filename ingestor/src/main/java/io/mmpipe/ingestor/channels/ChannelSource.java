package io.mmpipe.ingestor.channels;

import io.mmpipe.mattermost.rest.ChannelInfo;
import java.util.List;

/** Where channel lists come from (the REST client in production; a fake in unit tests). */
public interface ChannelSource {

  List<String> myTeamIds();

  List<ChannelInfo> myChannels(String teamId);
}
