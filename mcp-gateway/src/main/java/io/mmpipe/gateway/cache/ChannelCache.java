package io.mmpipe.gateway.cache;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

/**
 * The latest updates per channel in Redis: one sorted set per channel, scored by the record's Kafka offset. All of a
 * channel's updates live in one partition (the key is the channel id), so offsets order them, and writing the same
 * record twice (a redelivery after a rebalance) changes nothing.
 */
public final class ChannelCache implements AutoCloseable {

  private final JedisPool pool;
  private final String keyPrefix;
  private final int perChannel;

  /**
   * @param keyPrefix  prefix of every key (includes the topic prefix, so deployments sharing a Redis stay apart)
   * @param perChannel how many updates to keep per channel
   */
  public ChannelCache(URI redisUrl, String keyPrefix, int perChannel) {
    GenericObjectPoolConfig<Jedis> cfg = new GenericObjectPoolConfig<>();
    cfg.setMaxTotal(16);
    cfg.setMaxWait(Duration.ofSeconds(1));
    cfg.setTestOnBorrow(false);
    cfg.setTestWhileIdle(true);
    // short timeouts: a dead Redis must make health answer "degraded" quickly, not hang requests
    this.pool = new JedisPool(cfg, redisUrl, 1000, 1000);
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
    try (Jedis j = pool.getResource()) {
      Pipeline p = j.pipelined();
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
    try (Jedis j = pool.getResource()) {
      return j.zrevrange(key(channelId), 0, Math.max(0, Math.min(limit, perChannel) - 1));
    }
  }

  /** True when Redis answers PING. */
  public boolean ping() {
    try (Jedis j = pool.getResource()) {
      return "PONG".equals(j.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
