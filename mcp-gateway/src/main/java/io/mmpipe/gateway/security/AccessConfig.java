package io.mmpipe.gateway.security;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the gateway (see the README, "Security").
 *
 * @param anonymous       GATEWAY_ANONYMOUS (default: true when bound to loopback and GATEWAY_API_TOKENS is empty):
 *                        a request without {@code Authorization} is the anonymous principal, who sees every channel;
 *                        only allowed on a loopback bind
 * @param mattermostUsers GATEWAY_MATTERMOST_USERS (default: true when MATTERMOST_URL is set): a Bearer token that is
 *                        no API token is resolved as a Mattermost user's own ({@code GET /api/v4/users/me})
 * @param ttl             GATEWAY_PRINCIPAL_TTL (60s, 1s..1h): how long a resolved Mattermost token and a user's
 *                        channel list are trusted (in Redis and in memory); a revoked token stops within it
 * @param maxCached       GATEWAY_PRINCIPAL_CACHE (10000): tokens, and users' channel lists, kept in memory
 */
public record AccessConfig(boolean anonymous, boolean mattermostUsers, Duration ttl, int maxCached) {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  public static boolean isLoopback(String bind) {
    return LOOPBACK.contains(bind.toLowerCase(Locale.ROOT)) || bind.startsWith("127.");
  }

  /**
   * What is wrong with this access for a gateway bound to {@code bind} with {@code apiTokens} tokens, or null.
   * Bound elsewhere than loopback, nobody may be anonymous and some authentication must be configured.
   */
  public String problem(String bind, int apiTokens) {
    if (isLoopback(bind)) {
      return null;
    }
    if (anonymous) {
      return "GATEWAY_ANONYMOUS=true needs GATEWAY_BIND on a loopback address (127.0.0.1), not " + bind
          + ": anonymous callers see every channel";
    }
    if (apiTokens == 0 && !mattermostUsers) {
      return "GATEWAY_BIND=" + bind + " is not a loopback address and no authentication is configured: set "
          + "GATEWAY_API_TOKENS, or MATTERMOST_URL so Mattermost users bring their own tokens, or bind to 127.0.0.1";
    }
    return null;
  }
}
