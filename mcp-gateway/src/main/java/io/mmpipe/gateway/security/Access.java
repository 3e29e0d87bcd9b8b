package io.mmpipe.gateway.security;

import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.ChannelInfo;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The gateway's access control, built once: the principal resolver every endpoint uses, the Bearer check in front
 * of the data endpoints (null when nobody needs to authenticate), and the tap that keeps Mattermost users' channel
 * scopes current from {@code mm.updates}.
 */
public record Access(PrincipalResolver resolver, BearerAuth auth, Consumer<ResourceUpdate> membershipTap) {

  /** Everyone anonymous, nothing to check: a loopback gateway with no authentication configured. */
  public static Access anonymousOnly() {
    return new Access(PrincipalResolver.anonymous(), null, u -> { });
  }

  /**
   * @param apiTokens GATEWAY_API_TOKENS
   * @param client    a client of the Mattermost server (its own token unused: users' tokens replace it), or null
   *                  when Mattermost users are not accepted
   * @param cache     where resolved tokens and channel lists are cached (Redis, or none)
   */
  public static Access create(AccessConfig config, List<Secret> apiTokens, MattermostClient client, ReadCache cache) {
    if (!config.mattermostUsers() && apiTokens.isEmpty()) {
      return anonymousOnly();
    }
    if (!config.mattermostUsers()) {
      return auth(BearerAuth.of(apiTokens, null, config.anonymous()), u -> { });
    }
    Memberships memberships = new Memberships(cache, token -> channelsOf(client.withToken(token, "the caller's "
        + "Mattermost token")), config.ttl(), config.maxCached(), System::nanoTime);
    MattermostUsers users = new MattermostUsers(cache, token -> client.withToken(token,
        "the caller's Mattermost token").users().me(), memberships, config.ttl(), config.maxCached(),
        System::nanoTime);
    return auth(BearerAuth.of(apiTokens, users, config.anonymous()), memberships::apply);
  }

  private static Access auth(BearerAuth auth, Consumer<ResourceUpdate> tap) {
    return new Access(auth, auth, tap);
  }

  /** Every channel of every team of the token's user, DMs and groups included (Mattermost lists them per team). */
  static Set<String> channelsOf(MattermostClient user) {
    Set<String> out = new HashSet<>();
    for (String team : user.teams().myTeamIds()) {
      for (ChannelInfo c : user.channels().myChannels(team)) {
        out.add(c.id());
      }
    }
    return out;
  }
}
