package io.mmpipe.gateway.cache;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ZRangeParams;

/**
 * The latest updates per channel in Redis: one sorted set per channel, scored by the record's Kafka offset. All of a
 * channel's updates live in one partition (the key is the channel id), so offsets order them, and writing the same
 * record twice (a redelivery after a rebalance) changes nothing.
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

  /** One update to cache. */
  public record Entry(String channelId, long offset, String json) {}

  /** Writes a batch in one round trip. Throws Jedis exceptions when Redis is unreachable. */
  public void write(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try (Pipeline p = redis.pipelined()) {
      for (Entry e : entries) {
        String key = key(e.channelId());
        p.zadd(key, e.offset(), e.json());
        p.zremrangeByRank(key, 0, -(perChannel + 1L));
        p.expire(key, Duration.ofDays(7).toSeconds());
      }
      p.sync();
    }
  }

  /** The channel's latest updates as subscriber JSON, newest first. */
  public List<String> recent(String channelId, int limit) {
    long last = Math.max(0, Math.min(limit, perChannel) - 1);
    return redis.zrange(key(channelId), ZRangeParams.zrangeParams(0, last).rev()); // ZRANGE … REV: Redis 6.2+
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
