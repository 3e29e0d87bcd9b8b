package io.mmpipe.gateway.mcp;

import io.mmpipe.gateway.cache.ChannelCache;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where resource reads find recent updates: this instance's {@link UpdateRing} for the feeds, and for a channel the
 * Redis cache first (it holds the channel's latest updates even when the ring has moved on, or on an instance that
 * started after them), falling back to the ring when Redis is down or not configured.
 */
public final class RecentUpdates {

  private static final Logger log = LoggerFactory.getLogger(RecentUpdates.class);
  private final UpdateRing ring;
  private final String topic;
  private final ChannelCache cache; // null: no Redis
  private final Runnable onHit;
  private final Runnable onMiss;

  /**
   * Recent updates (subscriber JSON, oldest first) and the resume token right after them: continuing from the token
   * ({@code wait_for_updates}) misses nothing that came later. From the ring the list holds nothing past the token;
   * from the Redis cache it may (the cache's consumer can be ahead of this instance), so those may come again.
   */
  public record Snapshot(List<String> updates, String resumeToken) {}

  public RecentUpdates(UpdateRing ring, String topic, ChannelCache cache) {
    this(ring, topic, cache, () -> { }, () -> { });
  }

  /**
   * @param onHit  counts a channel read the Redis cache served (the cache's hit ratio)
   * @param onMiss counts a channel read the Redis cache could not serve (empty, or Redis down)
   */
  public RecentUpdates(UpdateRing ring, String topic, ChannelCache cache, Runnable onHit, Runnable onMiss) {
    this.ring = ring;
    this.topic = topic;
    this.cache = cache;
    this.onHit = onHit;
    this.onMiss = onMiss;
  }

  /** The newest matching updates of the ring. */
  public Snapshot matching(Predicate<ResourceUpdate> filter, int limit) {
    if (!ring.initialized()) {
      return new Snapshot(List.of(), null);
    }
    // the position first, then only events below it: one appended during the scan is after the token, not lost
    long[] position = ring.current();
    List<String> json = ring.recent(e -> e.partition() < position.length && e.offset() < position[e.partition()]
        && filter.test(e.update()), limit).stream().map(UpdateEvent::json).toList();
    return new Snapshot(json, ResumeToken.encode(topic, position));
  }

  /** The channel's newest updates the principal may see. */
  public Snapshot channel(String channelId, Principal principal, int limit) {
    // the cache is per channel; only a principal that sees every channel may read it without per-update checks
    if (cache != null && principal instanceof Principal.Anonymous && ring.initialized()) {
      String token = ResumeToken.encode(topic, ring.current());
      try {
        List<String> newestFirst = new ArrayList<>(cache.recent(channelId, limit));
        if (!newestFirst.isEmpty()) {
          onHit.run();
          Collections.reverse(newestFirst);
          return new Snapshot(newestFirst, token);
        }
      } catch (RuntimeException e) {
        log.debug("channel cache unavailable, reading the ring: {}", e.toString());
      }
      onMiss.run();
    }
    return matching(u -> channelId.equals(u.getChannelId()) && principal.canSee(u), limit);
  }

  /** Ids of channels with updates in the ring that start with {@code prefix}, newest first, at most {@code limit}. */
  public List<String> channelIds(String prefix, Principal principal, int limit) {
    if (!ring.initialized()) {
      return List.of();
    }
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    List<UpdateEvent> seen = ring.recent(e -> e.update().getChannelId() != null
        && e.update().getChannelId().startsWith(prefix) && principal.canSee(e.update()), Integer.MAX_VALUE);
    for (int i = seen.size() - 1; i >= 0 && ids.size() < limit; i--) {
      ids.add(seen.get(i).update().getChannelId());
    }
    return List.copyOf(ids);
  }
}
