package io.mmpipe.gateway.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ReactionCount;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The latest minute and hour of every channel the analytics topic reported, in memory, for the dashboard, the MCP
 * resource and {@code GET /v1/analytics/channels}. Bounded: at most {@code capacity} channels; past that the channel
 * whose activity was written least recently is forgotten (one channel's entry is two small records, so the default
 * 10,000 channels hold a few MB).
 */
public final class ActivityBoard {

  public static final int DEFAULT_CAPACITY = 10_000;

  /** A channel's latest windows; either may be null until the topic had one. */
  public record Entry(String channelId, ChannelActivity minute, ChannelActivity hour) {}

  private final int capacity;
  // insertion order = order of the last write: put() removes and re-inserts, so the eldest is the stalest
  private final LinkedHashMap<String, Entry> byChannel = new LinkedHashMap<>();
  private long forgotten;

  public ActivityBoard(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Takes a window's record; an older window than the one held (a replay, compaction order) changes nothing. */
  public synchronized void put(ChannelActivity a) {
    boolean minute = "minute".equals(a.getWindow());
    if (!minute && !"hour".equals(a.getWindow())) {
      return; // a window kind this gateway does not know (a newer job): ignored, not misfiled
    }
    Entry old = byChannel.remove(a.getChannelId());
    ChannelActivity m = old == null ? null : old.minute();
    ChannelActivity h = old == null ? null : old.hour();
    if (minute) {
      m = newer(m, a);
    } else {
      h = newer(h, a);
    }
    byChannel.put(a.getChannelId(), new Entry(a.getChannelId(), m, h));
    for (Iterator<String> it = byChannel.keySet().iterator(); byChannel.size() > capacity; ) {
      it.next();
      it.remove();
      forgotten++;
    }
  }

  private static ChannelActivity newer(ChannelActivity held, ChannelActivity offered) {
    return held == null || offered.getWindowStart() >= held.getWindowStart() ? offered : held;
  }

  public synchronized Optional<Entry> get(String channelId) {
    return Optional.ofNullable(byChannel.get(channelId));
  }

  /**
   * Up to {@code limit} of the channels {@code visible} lets through, most active first: by the start of their
   * latest hour (the current hour before older ones), then by what happened in it.
   */
  public synchronized List<Entry> top(int limit, Predicate<String> visible) {
    return byChannel.values().stream().filter(e -> e.hour() != null && visible.test(e.channelId()))
        .sorted(Comparator.comparingLong((Entry e) -> e.hour().getWindowStart()).reversed()
            .thenComparing(Comparator.comparingLong(ActivityBoard::volume).reversed())
            .thenComparing(Entry::channelId))
        .limit(limit).toList();
  }

  private static long volume(Entry e) {
    ChannelActivity h = e.hour();
    return h.getMessages() + h.getEdits() + h.getDeletes() + h.getReactionsAdded();
  }

  public synchronized int size() {
    return byChannel.size();
  }

  /** Channels forgotten to keep within the capacity since start. */
  public synchronized long forgotten() {
    return forgotten;
  }

  /** A channel's entry as the endpoint and the MCP resource answer it. */
  public static ObjectNode json(Entry e) {
    ObjectNode o = JsonRpc.JSON.createObjectNode().put("channel_id", e.channelId());
    window(o, "minute", e.minute());
    window(o, "hour", e.hour());
    return o;
  }

  private static void window(ObjectNode parent, String name, ChannelActivity a) {
    if (a == null) {
      parent.putNull(name);
      return;
    }
    ObjectNode w = parent.putObject(name).put("window_start", a.getWindowStart()).put("window_end", a.getWindowEnd())
        .put("messages", a.getMessages()).put("edits", a.getEdits()).put("deletes", a.getDeletes())
        .put("reactions_added", a.getReactionsAdded()).put("reactions_removed", a.getReactionsRemoved())
        .put("active_users", a.getActiveUsers()).put("active_users_capped", a.getActiveUsersCapped())
        .put("last_change_at", a.getLastChangeAt());
    ArrayNode top = w.putArray("top_reactions");
    for (ReactionCount r : a.getTopReactions()) {
      top.addObject().put("emoji_name", r.getEmojiName()).put("count", r.getCount());
    }
  }
}
