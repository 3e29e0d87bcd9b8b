package io.mmpipe.gateway.mcp.session;

import io.mmpipe.gateway.redis.RedisClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The key that signs MCP {@code input_required} states when {@code MCP_STATE_KEY} is not set: the gateways that
 * share a Redis agree on one, so a state signed by one instance is accepted by any other (compose's
 * {@code --scale mcp-gateway=3} needs no extra secret). The first gateway stores a random key with SET NX; every
 * later one reads it. It has no expiry: if Redis loses its data, gateways started afterwards agree on a new key, and
 * states signed with the old one (ten minutes at most) are refused as expired would be; {@code MCP_STATE_KEY} set
 * everywhere avoids even that.
 */
public final class SharedStateKey {

  static final String KEY = "mcp:state-key";

  private SharedStateKey() {}

  /** The agreed key, or empty when Redis cannot be reached (the caller then signs with a key of its own). */
  public static Optional<byte[]> agree(URI redisUrl, String keyPrefix) {
    byte[] mine = new byte[32];
    new SecureRandom().nextBytes(mine);
    try (RedisClient redis = RedisClients.open(redisUrl)) {
      redis.set(keyPrefix + KEY, HexFormat.of().formatHex(mine), SetParams.setParams().nx());
      return Optional.ofNullable(redis.get(keyPrefix + KEY)).map(k -> k.getBytes(StandardCharsets.UTF_8));
    } catch (JedisException e) {
      return Optional.empty();
    }
  }
}
