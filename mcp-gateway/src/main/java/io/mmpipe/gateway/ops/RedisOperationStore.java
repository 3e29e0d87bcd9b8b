package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.redis.RedisChannel;
import io.mmpipe.gateway.redis.RedisClients;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Operations in Redis, under {@code <prefix>ops:}: a hash {@code op:<id>} (the state as JSON, and a cancellation
 * asked for by another instance) and a string {@code result:<id>}, both expiring after {@code ttl}; a sorted set
 * {@code recent} of ids scored by a counter {@code seq} (the order of creation, even within one millisecond) that
 * keeps the newest {@code keep} and deletes the hashes and results of the ones it drops, so the store holds at most
 * {@code keep} operations whatever the TTL; and one pub/sub channel {@code events} for every operation's events (one
 * subscription per instance, however many watchers: events are a few per second per operation). Pub/sub is at most
 * once: an instance that reconnects misses what was sent meanwhile (its watchers still read the final state).
 */
public final class RedisOperationStore implements OperationStore {

  private static final Logger log = LoggerFactory.getLogger(RedisOperationStore.class);
  /** Writes the state unless the stored one already ended; keeps the newest KEEP; answers a pending cancellation. */
  private static final String SAVE = """
      local old = redis.call('HGET', KEYS[1], 'json')
      if old and cjson.decode(old).status ~= 'running' then return {0, false} end
      local isnew = not old
      redis.call('HSET', KEYS[1], 'json', ARGV[1])
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
      if isnew then
        redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[4])
        local keep = tonumber(ARGV[5])
        local n = redis.call('ZCARD', KEYS[2])
        if n > keep then
          local gone = redis.call('ZRANGE', KEYS[2], 0, n - keep - 1)
          for _, id in ipairs(gone) do
            redis.call('DEL', ARGV[6] .. 'op:' .. id, ARGV[6] .. 'result:' .. id)
          end
          redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - keep - 1)
        end
      end
      return {1, redis.call('HGET', KEYS[1], 'cancel')}
      """;
  private static final String CANCEL = """
      local j = redis.call('HGET', KEYS[1], 'json')
      if not j or cjson.decode(j).status ~= 'running' then return 0 end
      redis.call('HSETNX', KEYS[1], 'cancel', ARGV[1])
      return 1
      """;
  private static final String RECENT = """
      local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
      local out = {}
      for _, id in ipairs(ids) do
        local j = redis.call('HGET', ARGV[2] .. 'op:' .. id, 'json')
        if j then table.insert(out, j) else redis.call('ZREM', KEYS[1], id) end
      end
      return out
      """;

  private final RedisClient redis;
  private final String prefix;
  private final int keep;
  private final Duration ttl;
  private final RedisChannel events;
  private final String origin = UUID.randomUUID().toString();

  /**
   * @param keep how many operations the store holds (the newest)
   * @param ttl  how long an operation's state and result are kept after its last change
   */
  public RedisOperationStore(URI redisUrl, String keyPrefix, int keep, Duration ttl) {
    if (keep < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("keep must be >= 1 and ttl positive");
    }
    this.redis = RedisClients.open(redisUrl);
    this.prefix = keyPrefix + "ops:";
    this.keep = keep;
    this.ttl = ttl;
    this.events = new RedisChannel(redisUrl, prefix + "events", "operation-events");
  }

  @Override
  public Optional<String> save(OperationState s) {
    List<String> keys = List.of(prefix + "op:" + s.operationId(), prefix + "recent", prefix + "seq");
    Object r = run(() -> redis.eval(SAVE, keys,
        List.of(s.toJson().toString(), Long.toString(ttl.toMillis()), "", s.operationId(), Integer.toString(keep),
            prefix)));
    if (r instanceof List<?> l && l.size() > 1 && l.get(1) != null) {
      return Optional.of(l.get(1).toString());
    }
    return Optional.empty();
  }

  @Override
  public Optional<OperationState> find(String id) {
    return run(() -> Optional.ofNullable(redis.hget(prefix + "op:" + id, "json")).map(OperationState::parse));
  }

  @Override
  public List<OperationState> recent(int limit) {
    Object r = run(() -> redis.eval(RECENT, List.of(prefix + "recent"),
        List.of(Integer.toString(Math.max(1, Math.min(limit, keep))), prefix)));
    List<OperationState> out = new ArrayList<>();
    if (r instanceof List<?> l) {
      for (Object o : l) {
        OperationState s = OperationState.parse(o.toString());
        if (s != null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  @Override
  public boolean requestCancel(String id, String reason) {
    return run(() -> Long.valueOf(1).equals(redis.eval(CANCEL, List.of(prefix + "op:" + id), List.of(reason))));
  }

  @Override
  public void putResult(String id, String content) {
    run(() -> redis.psetex(prefix + "result:" + id, ttl.toMillis(), content));
  }

  @Override
  public Optional<String> result(String id) {
    return run(() -> Optional.ofNullable(redis.get(prefix + "result:" + id)));
  }

  /** How many operations the recent set holds (for tests of the bound). */
  long size() {
    return run(() -> redis.zcard(prefix + "recent"));
  }

  @Override
  public boolean publish(OperationEvent event) {
    ObjectNode n = OperationState.JSON.createObjectNode().put("o", origin);
    n.set("e", event.toJson());
    return events.publish(redis, n.toString());
  }

  @Override
  public void start(Consumer<OperationEvent> others) {
    events.start(message -> {
      try {
        JsonNode n = OperationState.JSON.readTree(message);
        if (origin.equals(n.path("o").asText())) {
          return; // our own: the watchers here had it before it was sent
        }
        OperationEvent e = OperationEvent.parse(n.path("e"));
        if (e != null) {
          others.accept(e);
        }
      } catch (IOException e) {
        log.warn("ignoring an operation event that is not JSON: {}", e.toString());
      }
    });
  }

  private static <T> T run(Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisException e) {
      throw new Unavailable("the operation store (Redis) is unreachable", e);
    }
  }

  @Override
  public void close() {
    events.close();
    redis.close();
  }
}
