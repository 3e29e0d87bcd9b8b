package io.mmpipe.gateway.redis;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

/** The one way the gateway connects to Redis (the channel cache, MCP session records, the MCP instance bus). */
public final class RedisClients {

  private RedisClients() {}

  /**
   * A pooled client for {@code redis://[user:password@]host:port[/db]} or {@code rediss://} (TLS), with short
   * timeouts: a dead Redis must make health answer "degraded" and session calls fail quickly, not hang requests.
   */
  public static RedisClient open(URI redisUrl) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(16);
    pool.setMaxWait(Duration.ofSeconds(1));
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(true);
    return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(redisUrl))
        .clientConfig(config(redisUrl, 1000).build()).poolConfig(pool).build();
  }

  /**
   * One unpooled connection for {@code SUBSCRIBE}: it waits for messages indefinitely (a read timeout would end
   * every quiet subscription), and learns of a dead Redis when the connection breaks.
   */
  public static Jedis subscriber(URI redisUrl) {
    return new Jedis(JedisURIHelper.getHostAndPort(redisUrl), config(redisUrl, 0).autoNegotiateProtocol(false)
        .build());
  }

  private static DefaultJedisClientConfig.Builder config(URI redisUrl, int socketTimeoutMillis) {
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(1000).socketTimeoutMillis(socketTimeoutMillis)
        .user(JedisURIHelper.getUser(redisUrl)).password(JedisURIHelper.getPassword(redisUrl));
    if (JedisURIHelper.isRedisSSLScheme(redisUrl)) {
      client.sslOptions(SslOptions.defaults());
    }
    if (JedisURIHelper.hasDbIndex(redisUrl)) {
      client.database(JedisURIHelper.getDBIndex(redisUrl));
    }
    return client;
  }
}
