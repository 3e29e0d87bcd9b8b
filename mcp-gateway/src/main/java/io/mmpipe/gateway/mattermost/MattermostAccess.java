package io.mmpipe.gateway.mattermost;

import io.mmpipe.gateway.security.Principal;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.runtime.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which Mattermost identity serves a request: the caller's own token when its principal carries one, otherwise the
 * gateway's configured token. Both go through the ONE {@link MattermostClient} (same retry, rate limit, breaker).
 *
 * @param client        the client with the configured token (MATTERMOST_TOKEN)
 * @param defaultTeamId MATTERMOST_TEAM_ID, or null
 */
public record MattermostAccess(MattermostClient client, String defaultTeamId) {

  /** A client and the cache scope of its answers (what one identity may see is cached apart from another's). */
  public record Identity(MattermostClient client, String scope) {}

  public MattermostAccess {
    if (client == null) {
      throw new IllegalArgumentException("a Mattermost client is required");
    }
    defaultTeamId = defaultTeamId == null || defaultTeamId.isBlank() ? null : defaultTeamId;
  }

  public Identity of(Principal principal) {
    Optional<Secret> own = principal.mattermostToken();
    if (own.isEmpty()) {
      return new Identity(client, "gw");
    }
    return new Identity(client.withToken(own.get(), "the caller's Mattermost token"), "u" + digest(own.get()));
  }

  /** A short digest of a token, so cached answers are kept per identity without the token in a Redis key. */
  private static String digest(Secret token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
