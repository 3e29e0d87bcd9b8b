package io.mmpipe.ingestor.channels;

import io.mmpipe.mattermost.rest.ChannelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels the ingestor watches, and each one's team. Either every channel the bot is a member of in
 * MATTERMOST_TEAM_ID (or in all its teams), direct and group messages included, or exactly MATTERMOST_CHANNEL_IDS.
 * Re-listed when the WebSocket says membership changed; listeners hear about channels that appeared.
 */
public final class ChannelDirectory {

  private static final Logger log = LoggerFactory.getLogger(ChannelDirectory.class);

  private final ChannelSource source;
  private final String teamId;
  private final List<String> fixedIds;
  private final AtomicReference<Map<String, ChannelInfo>> channels = new AtomicReference<>(Map.of());
  private final List<Consumer<Set<String>>> addedListeners = new CopyOnWriteArrayList<>();

  /**
   * @param teamId   only this team, or null/empty for every team of the bot
   * @param fixedIds exactly these channels, or empty to discover
   */
  public ChannelDirectory(ChannelSource source, String teamId, List<String> fixedIds) {
    this.source = source;
    this.teamId = teamId == null || teamId.isBlank() ? null : teamId;
    this.fixedIds = List.copyOf(fixedIds);
  }

  /** Called with the ids of channels that a refresh added. */
  public void onAdded(Consumer<Set<String>> listener) {
    addedListeners.add(listener);
  }

  /** Lists the channels again; returns the ids that were not known before. */
  public synchronized Set<String> refresh() {
    List<String> teams = teamId != null ? List.of(teamId) : source.myTeamIds();
    Map<String, ChannelInfo> found = new LinkedHashMap<>();
    for (String t : teams) {
      for (ChannelInfo c : source.myChannels(t)) {
        // DMs and GMs come back once per team: keep the first copy
        if (c.deleteAt() == 0) {
          found.putIfAbsent(c.id(), c);
        }
      }
    }
    Map<String, ChannelInfo> next = new LinkedHashMap<>();
    if (fixedIds.isEmpty()) {
      next.putAll(found);
    } else {
      for (String id : fixedIds) {
        // a configured channel the bot cannot list is still polled (the server says why if it cannot be read)
        next.put(id, found.getOrDefault(id, new ChannelInfo(id, null, "", "", 0)));
      }
    }
    Map<String, ChannelInfo> before = channels.getAndSet(Map.copyOf(next));
    Set<String> added = new java.util.LinkedHashSet<>(next.keySet());
    added.removeAll(before.keySet());
    List<String> removed = new ArrayList<>(before.keySet());
    removed.removeAll(next.keySet());
    if (!added.isEmpty() || !removed.isEmpty()) {
      log.info("channels: {} watched ({} added, {} removed)", next.size(), added.size(), removed.size());
    }
    if (!added.isEmpty()) {
      addedListeners.forEach(l -> l.accept(Set.copyOf(added)));
    }
    return added;
  }

  public Set<String> ids() {
    return channels.get().keySet();
  }

  public boolean watches(String channelId) {
    return channels.get().containsKey(channelId);
  }

  /** Whether events of unknown channels should be dropped (a fixed list was configured). */
  public boolean fixed() {
    return !fixedIds.isEmpty();
  }

  /** The team of a channel ("" for DMs/GMs), or null when unknown. */
  public String teamOf(String channelId) {
    ChannelInfo c = channels.get().get(channelId);
    return c == null ? null : c.teamId();
  }

  public int size() {
    return channels.get().size();
  }
}
