package io.mmpipe.gateway.cache;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The latest updates per channel in Redis: one sorted set per channel, scored by the record's Kafka offset. All of a
 * channel's updates live in one partition (the key is the channel id), so offsets order them, and writing the same
 * record twice (a redelivery after a rebalance) changes nothing.
 *
 * <p>Also the latest updates per feed ({@code mattermost://reactions} …), one sorted set per resource uri. A feed
 * spans every partition, so offsets do not order it: it is scored by the update's own timestamp, and each member
 * carries its partition and offset ({@code <partition>:<offset>:<json>}) so a reader can tell where in the topic it
 * lies (and leave out what is past its resume token). Both parts come from the record, so a redelivery writes the
 * same member with the same score: still idempotent.
 */
public final class ChannelCache implements AutoCloseable {

  private final RedisClient redis;
  private final String keyPrefix;
  private final int perChannel;

  /**
   * @param redisUrl   {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS
   * @param keyPrefix  prefix of every key (includes the topic prefix, so deployments sharing a Redis stay apart)
   * @param perChannel how many updates to keep per channel
   */
  public ChannelCache(URI redisUrl, String keyPrefix, int perChannel) {
    this.redis = RedisClients.open(redisUrl);
    this.keyPrefix = keyPrefix;
    this.perChannel = perChannel;
  }

  String key(String channelId) {
    return keyPrefix + "channel:" + channelId + ":recent";
  }

  String feedKey(String resourceUri) {
    return keyPrefix + "feed:" + resourceUri + ":recent";
  }

  /** One update to cache. */
  public record Entry(String channelId, long offset, String json) {}

  /**
   * One update of a feed to cache.
   *
   * @param timestamp the update's own timestamp (seconds), the feed's order across partitions
   */
  public record FeedEntry(String resourceUri, int partition, long offset, double timestamp, String json) {
    String member() {
      return partition + ":" + offset + ":" + json;
    }

    static FeedEntry parse(String resourceUri, String member, double score) {
      int a = member.indexOf(':');
      int b = member.indexOf(':', a + 1);
      return new FeedEntry(resourceUri, Integer.parseInt(member.substring(0, a)),
          Long.parseLong(member.substring(a + 1, b)), score, member.substring(b + 1));
    }
  }

  /** Writes a batch in one round trip. Throws Jedis exceptions when Redis is unreachable. */
  public void write(List<Entry> entries) {
    write(entries, List.of());
  }

  /** Writes channel and feed updates in one round trip. Throws Jedis exceptions when Redis is unreachable. */
  public void write(List<Entry> entries, List<FeedEntry> feeds) {
    if (entries.isEmpty() && feeds.isEmpty()) {
      return;
    }
    try (Pipeline p = redis.pipelined()) {
      for (Entry e : entries) {
        keep(p, key(e.channelId()), e.offset(), e.json());
      }
      for (FeedEntry e : feeds) {
        keep(p, feedKey(e.resourceUri()), e.timestamp(), e.member());
      }
      p.sync();
    }
  }

  /** Adds one member and trims the set to the newest {@code perChannel} (highest scores). */
  private void keep(Pipeline p, String key, double score, String member) {
    p.zadd(key, score, member);
    p.zremrangeByRank(key, 0, -(perChannel + 1L));
    p.expire(key, Duration.ofDays(7).toSeconds());
  }

  /** The channel's latest updates as subscriber JSON, newest first. */
  public List<String> recent(String channelId, int limit) {
    long last = Math.max(0, Math.min(limit, perChannel) - 1);
    return redis.zrange(key(channelId), ZRangeParams.zrangeParams(0, last).rev()); // ZRANGE … REV: Redis 6.2+
  }

  /** The feed's latest updates, newest first (at most as many as the cache keeps). */
  public List<FeedEntry> recentFeed(String resourceUri, int limit) {
    long last = Math.max(0, Math.min(limit, perChannel) - 1);
    List<Tuple> found = redis.zrangeWithScores(feedKey(resourceUri), ZRangeParams.zrangeParams(0, last).rev());
    return found.stream().map(t -> FeedEntry.parse(resourceUri, t.getElement(), t.getScore())).toList();
  }

  /** True when Redis answers PING. */
  public boolean ping() {
    try {
      return "PONG".equals(redis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
