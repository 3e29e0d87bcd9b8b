package io.mmpipe.gateway.mcp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.redis.RedisChannel;
import io.mmpipe.gateway.redis.RedisClients;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

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
  private final String origin = UUID.randomUUID().toString();
  private final RedisClient redis;
  private final RedisChannel channel;

  public RedisInstanceBus(URI redisUrl, String keyPrefix) {
    this.channel = new RedisChannel(redisUrl, keyPrefix + "mcp:bus", "mcp-instance-bus");
    this.redis = RedisClients.open(redisUrl);
  }

  @Override
  public boolean publish(Note note) {
    ObjectNode n = JSON.createObjectNode().put("o", origin).put("k", note.kind()).put("s", note.session())
        .put("i", note.id()).put("b", note.body());
    return channel.publish(redis, n.toString());
  }

  @Override
  public void start(Consumer<Note> handler) {
    channel.start(message -> deliver(message, handler));
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

  @Override
  public void close() {
    channel.close();
    redis.close();
  }
}
