package io.mmpipe.gateway.mcp.session;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sessions in Redis: a hash {@code <prefix>mcp:session:<id>} (version, capabilities, client info, log level,
 * initialized) and a set {@code …:subs} of subscribed uris, both expiring together after {@code ttl} without use.
 * Subscriptions are a set so that instances adding and removing them concurrently never lose each other's writes.
 */
public final class RedisSessionStore implements SessionStore {

  private final RedisClient redis;
  private final String prefix;
  private final long ttlSeconds;

  public RedisSessionStore(URI redisUrl, String keyPrefix, Duration ttl) {
    this.redis = RedisClients.open(redisUrl);
    this.prefix = keyPrefix + "mcp:session:";
    this.ttlSeconds = Math.max(1, ttl.toSeconds());
  }

  private String key(String id) {
    return prefix + id;
  }

  private String subsKey(String id) {
    return prefix + id + ":subs";
  }

  @Override
  public SessionRecord create(String protocolVersion, String clientCapabilities, String clientInfo) {
    String id = SessionStore.newId();
    Map<String, String> h = new HashMap<>();
    h.put("v", protocolVersion);
    h.put("caps", clientCapabilities);
    h.put("info", clientInfo);
    h.put("init", "0");
    run(() -> {
      try (AbstractPipeline p = redis.pipelined()) {
        p.hset(key(id), h);
        p.expire(key(id), ttlSeconds);
        p.sync();
      }
      return null;
    });
    return new SessionRecord(id, protocolVersion, clientCapabilities, clientInfo, null, false, Set.of());
  }

  @Override
  public Optional<SessionRecord> find(String id) {
    if (!SessionStore.wellFormed(id)) {
      return Optional.empty();
    }
    return run(() -> {
      Response<Map<String, String>> h;
      Response<Set<String>> subs;
      try (AbstractPipeline p = redis.pipelined()) {
        h = p.hgetAll(key(id));
        subs = p.smembers(subsKey(id));
        p.expire(key(id), ttlSeconds);
        p.expire(subsKey(id), ttlSeconds);
        p.sync();
      }
      Map<String, String> m = h.get();
      if (m == null || m.isEmpty()) {
        return Optional.<SessionRecord>empty();
      }
      return Optional.of(new SessionRecord(id, m.get("v"), m.get("caps"), m.get("info"), m.get("level"),
          "1".equals(m.get("init")), subs.get()));
    });
  }

  @Override
  public void initialized(String id) {
    run(() -> redis.hset(key(id), "init", "1"));
  }

  @Override
  public void logLevel(String id, String level) {
    run(() -> redis.hset(key(id), "level", level));
  }

  /** Check and add in one step, so instances subscribing at once cannot pass the limit together. */
  private static final String SUBSCRIBE = """
      if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
      if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
      redis.call('SADD', KEYS[1], ARGV[1])
      redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
      return 1
      """;

  @Override
  public boolean subscribe(String id, String uri) {
    return run(() -> Long.valueOf(1).equals(redis.eval(SUBSCRIBE, List.of(subsKey(id)),
        List.of(uri, Integer.toString(MAX_SUBSCRIPTIONS), Long.toString(ttlSeconds)))));
  }

  @Override
  public void unsubscribe(String id, String uri) {
    run(() -> redis.srem(subsKey(id), uri));
  }

  @Override
  public Set<String> subscriptions(String id) {
    return run(() -> redis.exists(key(id)) ? redis.smembers(subsKey(id)) : Set.<String>of());
  }

  @Override
  public boolean delete(String id) {
    if (!SessionStore.wellFormed(id)) {
      return false;
    }
    return run(() -> redis.del(List.of(key(id), subsKey(id)).toArray(String[]::new)) > 0);
  }

  private static <T> T run(java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisException e) {
      throw new Unavailable("the session store (Redis) is unreachable", e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
