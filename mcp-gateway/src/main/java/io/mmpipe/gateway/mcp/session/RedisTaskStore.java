package io.mmpipe.gateway.mcp.session;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tasks in Redis: a hash {@code <prefix>mcp:task:<id>} with the status and the task's view as JSON, expiring with
 * the task. Both writes are scripts, so that a cancellation made on any instance is never overwritten by the
 * running instance's next state (cancellation wins, as the Tasks extension wants).
 */
public final class RedisTaskStore implements TaskStore {

  private static final String SAVE = """
      local s = redis.call('HGET', KEYS[1], 'status')
      if s == 'cancelled' and ARGV[1] ~= 'cancelled' then return 0 end
      redis.call('HSET', KEYS[1], 'status', ARGV[1], 'json', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
      return 1
      """;
  private static final String CANCEL = """
      local j = redis.call('HGET', KEYS[1], 'json')
      if not j then return false end
      local t = cjson.decode(j)
      if t.status == 'completed' or t.status == 'failed' or t.status == 'cancelled' then return j end
      t.status = 'cancelled'
      t.lastUpdatedAt = ARGV[1]
      t.inputRequests = nil
      j = cjson.encode(t)
      redis.call('HSET', KEYS[1], 'status', 'cancelled', 'json', j)
      return j
      """;

  private final RedisClient redis;
  private final String prefix;

  public RedisTaskStore(URI redisUrl, String keyPrefix) {
    this.redis = RedisClients.open(redisUrl);
    this.prefix = keyPrefix + "mcp:task:";
  }

  @Override
  public boolean save(String id, String status, String json, Duration ttl) {
    return run(() -> Long.valueOf(1).equals(redis.eval(SAVE, List.of(prefix + id),
        List.of(status, json, Long.toString(Math.max(1, ttl.toMillis()))))));
  }

  @Override
  public Optional<String> find(String id) {
    if (!SessionStore.wellFormed(id)) {
      return Optional.empty();
    }
    return run(() -> Optional.ofNullable(redis.hget(prefix + id, "json")));
  }

  @Override
  public Optional<String> cancel(String id, String at) {
    if (!SessionStore.wellFormed(id)) {
      return Optional.empty();
    }
    return run(() -> Optional.ofNullable(redis.eval(CANCEL, List.of(prefix + id), List.of(at)))
        .map(Object::toString));
  }

  private static <T> T run(Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisException e) {
      throw new SessionStore.Unavailable("the task store (Redis) is unreachable", e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
