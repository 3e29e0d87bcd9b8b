package io.mmpipe.gateway.redis;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

/** The one way the gateway connects to Redis (the channel cache, MCP session records). */
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
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(1000).socketTimeoutMillis(1000)
        .user(JedisURIHelper.getUser(redisUrl)).password(JedisURIHelper.getPassword(redisUrl));
    if (JedisURIHelper.isRedisSSLScheme(redisUrl)) {
      client.sslOptions(SslOptions.defaults());
    }
    if (JedisURIHelper.hasDbIndex(redisUrl)) {
      client.database(JedisURIHelper.getDBIndex(redisUrl));
    }
    return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(redisUrl))
        .clientConfig(client.build()).poolConfig(pool).build();
  }
}
