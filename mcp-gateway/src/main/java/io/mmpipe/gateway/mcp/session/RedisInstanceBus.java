package io.mmpipe.gateway.mcp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.redis.RedisClients;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link InstanceBus} on one Redis pub/sub channel, {@code <prefix>mcp:bus}, that every instance subscribes to.
 * One broadcast channel rather than one per instance or per session: the sender rarely knows which instance holds
 * the request or stream concerned (a cancellation names the client's request id; a subscription's stream may be on
 * any instance), notes are rare (answers, cancellations, subscription changes), and nothing is stored, so nothing
 * needs an expiry. Pub/sub is at most once: a note sent while an instance reconnects is lost, and its fallback
 * applies (the waiting request times out; the stream re-reads its subscriptions within a second).
 */
public final class RedisInstanceBus implements InstanceBus {

  private static final Logger log = LoggerFactory.getLogger(RedisInstanceBus.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final RedisClient redis;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile JedisPubSub listener;
  private volatile Jedis connection;
  private Thread thread;

  public RedisInstanceBus(URI redisUrl, String keyPrefix) {
    this.url = redisUrl;
    this.channel = keyPrefix + "mcp:bus";
    this.redis = RedisClients.open(redisUrl);
  }

  @Override
  public boolean publish(Note note) {
    ObjectNode n = JSON.createObjectNode().put("o", origin).put("k", note.kind()).put("s", note.session())
        .put("i", note.id()).put("b", note.body());
    try {
      redis.publish(channel, n.toString());
      return true;
    } catch (JedisException e) {
      log.debug("could not publish a {} note: {}", note.kind(), e.toString());
      return false;
    }
  }

  @Override
  public synchronized void start(Consumer<Note> handler) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofPlatform().daemon().name("mcp-instance-bus").start(() -> listen(handler));
    try {
      // the first subscription, so that a note published right after start reaches us; Redis may be down: go on
      subscribed.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void listen(Consumer<Note> handler) {
    while (!closed) {
      try (Jedis j = RedisClients.subscriber(url)) {
        connection = j;
        JedisPubSub l = new JedisPubSub() {
          @Override
          public void onSubscribe(String ch, int count) {
            subscribed.countDown();
          }

          @Override
          public void onMessage(String ch, String message) {
            deliver(message, handler);
          }
        };
        listener = l;
        j.subscribe(l, channel);
      } catch (JedisException e) {
        if (!closed) {
          log.debug("instance bus disconnected, reconnecting: {}", e.toString());
          sleep();
        }
      }
    }
  }

  private void deliver(String message, Consumer<Note> handler) {
    try {
      JsonNode n = JSON.readTree(message);
      if (origin.equals(n.path("o").asText())) {
        return; // our own: handled locally before it was sent
      }
      handler.accept(new Note(n.path("k").asText(), text(n, "s"), text(n, "i"), text(n, "b")));
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring an instance-bus note that could not be handled: {}", e.toString());
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    JedisPubSub l = listener;
    try {
      if (l != null && l.isSubscribed()) {
        l.unsubscribe();
      }
    } catch (RuntimeException e) {
      log.debug("unsubscribe on close: {}", e.toString());
    }
    Jedis c = connection;
    if (c != null) {
      c.close();
    }
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    redis.close();
  }
}
