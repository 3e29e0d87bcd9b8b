package io.mmpipe.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.ServiceUnavailableResponse;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Resolves a Bearer token that is no API token as a Mattermost user's own token: {@code GET /api/v4/users/me} with
 * it, the answer cached in Redis under the SHA-256 of the token (never the token) and in a bounded memory cache,
 * both for the TTL; so a revoked token stops working once its entry expires.
 */
public final class MattermostUsers {

  private final ReadCache redis;
  private final Function<Secret, JsonNode> me;
  private final Memberships memberships;
  private final Duration ttl;
  private final TtlCache<String, String> memory;

  /**
   * @param me       {@code GET /users/me} with the token
   * @param maxUsers tokens remembered in memory
   */
  public MattermostUsers(ReadCache redis, Function<Secret, JsonNode> me, Memberships memberships, Duration ttl,
                         int maxUsers, LongSupplier nanos) {
    this.redis = redis;
    this.me = me;
    this.memberships = memberships;
    this.ttl = ttl;
    this.memory = new TtlCache<>(maxUsers, ttl, nanos);
  }

  /**
   * The user owning the token; empty when Mattermost refuses it (unknown, revoked or expired).
   *
   * @throws ServiceUnavailableResponse when Mattermost cannot be asked
   */
  public Optional<Principal.MattermostUser> resolve(Secret token) {
    String key = "principal:" + sha256(token.reveal());
    String who = memory.get(key);
    if (who == null) {
      who = redis.get(key, ttl, () -> load(token), s -> s, s -> s.contains(" ") ? s : null);
      if (who == null) {
        return Optional.empty();
      }
      memory.put(key, who);
    }
    int space = who.indexOf(' ');
    return Optional.of(new Principal.MattermostUser(who.substring(0, space), who.substring(space + 1), token,
        memberships));
  }

  /** "userId username", or null (not cached) for a token Mattermost refuses. */
  private String load(Secret token) {
    JsonNode user;
    try {
      user = me.apply(token);
    } catch (MattermostApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        return null;
      }
      throw new ServiceUnavailableResponse("Mattermost cannot be asked who this token belongs to; try again later");
    }
    String id = user.path("id").asText("");
    if (id.isEmpty()) {
      return null;
    }
    return id + " " + user.path("username").asText(id);
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  int cachedTokens() {
    return memory.size();
  }
}
