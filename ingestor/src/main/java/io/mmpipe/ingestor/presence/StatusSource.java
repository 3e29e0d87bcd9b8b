package io.mmpipe.ingestor.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the status poller reads from Mattermost (the REST client in production). */
public interface StatusSource {

  /** The user ids of one channel's members. */
  List<String> members(String channelId);

  /** user id → status (online, away, dnd, offline) of the given users; unknown users are left out. */
  Map<String, String> statuses(Collection<String> userIds);
}
