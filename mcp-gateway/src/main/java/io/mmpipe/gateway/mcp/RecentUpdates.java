package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.cache.ChannelCache;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.TokenScope;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where resource reads find recent updates: the Redis cache first (it holds a channel's or a feed's latest updates
 * even when the ring has moved on, or on an instance that started after them), falling back to this instance's
 * {@link UpdateRing} when Redis is down, not configured, or has nothing.
 */
public final class RecentUpdates {

  private static final Logger log = LoggerFactory.getLogger(RecentUpdates.class);
  private final UpdateRing ring;
  /** Asked at every read: the epoch changes when the fan-out finds the topic recreated. */
  private final Supplier<TokenScope> tokens;
  private final ChannelCache cache; // null: no Redis
  private final Runnable onHit;
  private final Runnable onMiss;

  /**
   * Recent updates (subscriber JSON, oldest first) and the resume token right after them: continuing from the token
   * ({@code wait_for_updates}) misses nothing that came later. From the ring, and for a feed from Redis, the list
   * holds nothing past the token; a channel from the Redis cache may (the cache's consumer can be ahead of this
   * instance), so those may come again.
   */
  public record Snapshot(List<String> updates, String resumeToken) {

    /**
     * The read result of resource {@code uri}: one JSON text content
     * {@code {"uri", "updates":[ResourceUpdateJson…], "resume_token"}}.
     */
    public ArrayNode contents(String uri) {
      ObjectNode body = JsonRpc.JSON.createObjectNode().put("uri", uri);
      ArrayNode list = body.putArray("updates");
      for (String json : updates) {
        try {
          list.add(JsonRpc.JSON.readTree(json));
        } catch (IOException e) {
          throw new IllegalStateException("cached update is not JSON", e);
        }
      }
      body.put("resume_token", resumeToken);
      ArrayNode contents = JsonRpc.JSON.createArrayNode();
      contents.addObject().put("uri", uri).put("mimeType", "application/json").put("text", body.toString());
      return contents;
    }
  }

  /** Tokens without an epoch (version 1), as for an {@code UpdateStreams} without a view of the log. */
  public RecentUpdates(UpdateRing ring, String topic, ChannelCache cache) {
    this(ring, new TokenScope(topic, ResumeToken.NO_EPOCH), cache, () -> { }, () -> { });
  }

  /** Tokens without an epoch (version 1), as for an {@code UpdateStreams} without a view of the log. */
  public RecentUpdates(UpdateRing ring, String topic, ChannelCache cache, Runnable onHit, Runnable onMiss) {
    this(ring, new TokenScope(topic, ResumeToken.NO_EPOCH), cache, onHit, onMiss);
  }

  /**
   * @param onHit  counts a channel or feed read the Redis cache served (the cache's hit ratio)
   * @param onMiss counts a channel or feed read the Redis cache could not serve (empty, or Redis down)
   */
  public RecentUpdates(UpdateRing ring, TokenScope tokens, ChannelCache cache, Runnable onHit, Runnable onMiss) {
    this(ring, () -> tokens, cache, onHit, onMiss);
  }

  /**
   * Tokens in the scope {@code tokens} answers at each read ({@code UpdateStreams::tokens}), so that after the topic is
   * recreated they carry the new epoch, as the subscriptions' do.
   */
  public RecentUpdates(UpdateRing ring, Supplier<TokenScope> tokens, ChannelCache cache, Runnable onHit,
                       Runnable onMiss) {
    this.ring = ring;
    this.tokens = tokens;
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
    List<String> json = ring.recent(e -> below(position, e.partition(), e.offset()) && filter.test(e.update()), limit)
        .stream().map(e -> e.json().text()).toList();
    return new Snapshot(json, tokens.get().encode(position));
  }

  /**
   * The feed's newest updates the principal may see. The token is taken from the ring first, as in
   * {@link #matching}; the cached updates at or past it are left out (the cache's writer can be ahead of this
   * instance) and the ring's below it are merged in (the writer can be behind), so the answer holds nothing
   * {@code wait_for_updates} from the token will bring again, and misses nothing this instance has seen.
   */
  public Snapshot feed(String uri, Principal principal, int limit) {
    Predicate<ResourceUpdate> filter = u -> uri.equals(u.getResourceUri()) && principal.canSee(u);
    // the cache is per feed, not filtered; only a principal that sees every channel may read it (as for channels)
    if (cache == null || !principal.seesEveryChannel() || !ring.initialized()) {
      return matching(filter, limit);
    }
    long[] position = ring.current();
    List<ChannelCache.FeedEntry> cached = List.of();
    try {
      // twice the limit: room for the few the writer may hold past this instance's position
      cached = cache.recentFeed(uri, 2 * limit).stream()
          .filter(e -> below(position, e.partition(), e.offset())).toList();
    } catch (RuntimeException e) {
      log.debug("feed cache unavailable, reading the ring: {}", e.toString());
    }
    if (cached.isEmpty()) {
      onMiss.run();
      return matching(filter, limit);
    }
    onHit.run();
    // one order for both sources: the update's timestamp, then where it lies in the topic; the same record from
    // both sources has the same key, so it is kept once
    java.util.TreeMap<FeedKey, String> merged = new java.util.TreeMap<>();
    cached.forEach(e -> merged.put(new FeedKey(e.timestamp(), e.partition(), e.offset()), e.json()));
    ring.recent(e -> below(position, e.partition(), e.offset()) && filter.test(e.update()), limit)
        .forEach(e -> merged.put(new FeedKey(e.update().getTimestamp(), e.partition(), e.offset()), e.json().text()));
    List<String> oldestFirst = new ArrayList<>(merged.values());
    return new Snapshot(oldestFirst.subList(Math.max(0, oldestFirst.size() - limit), oldestFirst.size()),
        tokens.get().encode(position));
  }

  private static boolean below(long[] position, int partition, long offset) {
    return partition < position.length && offset < position[partition];
  }

  private record FeedKey(double timestamp, int partition, long offset) implements Comparable<FeedKey> {
    @Override
    public int compareTo(FeedKey o) {
      int c = Double.compare(timestamp, o.timestamp);
      if (c == 0) {
        c = Integer.compare(partition, o.partition);
      }
      return c != 0 ? c : Long.compare(offset, o.offset);
    }
  }

  /** The channel's newest updates the principal may see. */
  public Snapshot channel(String channelId, Principal principal, int limit) {
    // the cache is per channel; only a principal that sees every channel may read it without per-update checks
    if (cache != null && principal.seesEveryChannel() && ring.initialized()) {
      String token = tokens.get().encode(ring.current());
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
