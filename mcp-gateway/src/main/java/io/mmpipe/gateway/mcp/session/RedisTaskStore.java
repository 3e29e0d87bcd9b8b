package io.mmpipe.gateway.mcp.session;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tasks in Redis: a hash {@code <prefix>mcp:task:<id>} with the owner, the status and the task's view as JSON,
 * expiring with the task, and per owner a sorted set {@code <prefix>mcp:tasks-of:<SHA-256 of the owner>} of its task
 * ids scored by their expiry (what the owner's maximum counts; expired ids are dropped whenever it is written, and
 * the set itself expires with its newest task). The writes are scripts, so that a cancellation made on any
 * instance is never overwritten by the running instance's next state (cancellation wins, as the Tasks extension
 * wants), and an owner's maximum holds across instances.
 */
public final class RedisTaskStore implements TaskStore {

  private static final String CLAIM = """
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
      redis.call('PEXPIREAT', KEYS[1], ARGV[1])
      return 1
      """;
  private static final String SAVE = """
      local s = redis.call('HGET', KEYS[1], 'status')
      if s == 'cancelled' and ARGV[1] ~= 'cancelled' then return 0 end
      redis.call('HSET', KEYS[1], 'status', ARGV[1], 'json', ARGV[2], 'owner', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
      return 1
      """;
  private static final String CANCEL = """
      local o = redis.call('HGET', KEYS[1], 'owner')
      if o ~= ARGV[2] then return false end
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
  private final String ownerPrefix;

  public RedisTaskStore(URI redisUrl, String keyPrefix) {
    this.redis = RedisClients.open(redisUrl);
    this.prefix = keyPrefix + "mcp:task:";
    this.ownerPrefix = keyPrefix + "mcp:tasks-of:";
  }

  @Override
  public boolean claim(String owner, String id, long expiresAtMillis, long nowMillis, int max) {
    return run(() -> Long.valueOf(1).equals(redis.eval(CLAIM, List.of(index(owner)),
        List.of(Long.toString(expiresAtMillis), Long.toString(nowMillis), Integer.toString(max), id))));
  }

  @Override
  public boolean save(String id, String owner, String status, String json, Duration ttl) {
    return run(() -> Long.valueOf(1).equals(redis.eval(SAVE, List.of(prefix + id),
        List.of(status, json, Long.toString(Math.max(1, ttl.toMillis())), owner))));
  }

  @Override
  public Optional<Stored> find(String id) {
    if (!SessionStore.wellFormed(id)) {
      return Optional.empty();
    }
    return run(() -> {
      List<String> h = redis.hmget(prefix + id, "owner", "json");
      return h.get(0) == null || h.get(1) == null ? Optional.empty() : Optional.of(new Stored(h.get(0), h.get(1)));
    });
  }

  @Override
  public Optional<String> cancel(String id, String owner, String at) {
    if (!SessionStore.wellFormed(id)) {
      return Optional.empty();
    }
    return run(() -> Optional.ofNullable(redis.eval(CANCEL, List.of(prefix + id), List.of(at, owner)))
        .map(Object::toString));
  }

  /** The owner's index key: hashed, so a principal's name never becomes part of a key. */
  private String index(String owner) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      return ownerPrefix + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
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
