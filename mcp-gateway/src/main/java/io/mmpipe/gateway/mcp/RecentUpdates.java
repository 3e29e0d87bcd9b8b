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
 * Redis cache first (it holds the channel's latest updates even when the ring has moved on), falling back to the ring
 * when Redis is down or not configured.
 */
public final class RecentUpdates {

  private static final Logger log = LoggerFactory.getLogger(RecentUpdates.class);
  private final UpdateRing ring;
  private final String topic;
  private final ChannelCache cache; // null: no Redis

  public RecentUpdates(UpdateRing ring, String topic, ChannelCache cache) {
    this.ring = ring;
    this.topic = topic;
    this.cache = cache;
  }

  /** Subscriber JSON of the newest matching updates, oldest first. */
  public List<String> matching(Predicate<ResourceUpdate> filter, int limit) {
    if (!ring.initialized()) {
      return List.of();
    }
    return ring.recent(e -> filter.test(e.update()), limit).stream().map(UpdateEvent::json).toList();
  }

  /** The channel's newest updates the principal may see, oldest first. */
  public List<String> channel(String channelId, Principal principal, int limit) {
    // the cache is per channel; only a principal that sees every channel may read it without per-update checks
    if (cache != null && principal instanceof Principal.Anonymous) {
      try {
        List<String> newestFirst = new ArrayList<>(cache.recent(channelId, limit));
        Collections.reverse(newestFirst);
        if (!newestFirst.isEmpty()) {
          return newestFirst;
        }
      } catch (RuntimeException e) {
        log.debug("channel cache unavailable, reading the ring: {}", e.toString());
      }
    }
    return matching(u -> channelId.equals(u.getChannelId()) && principal.canSee(u), limit);
  }

  /** A resume token for "everything after now" (wait_for_updates continues from here). */
  public String position() {
    return ring.initialized() ? ResumeToken.encode(topic, ring.current()) : null;
  }
}
