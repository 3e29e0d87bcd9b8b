package io.mmpipe.gateway.security;

import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.Optional;

/**
 * Who is asking. Every subscription, resource read and tool call carries one and is filtered by its channel scope:
 * {@link Anonymous} (only on a gateway bound to loopback) sees every channel, an {@link ApiTokenHolder} its token's
 * {@link ChannelScope}, and a {@link MattermostUser} the channels it is a member of now ({@link Memberships}, asked
 * on every check, so a removal reaches open streams). Updates that name no channel (statuses, broadcasts) are not
 * channel data and every principal sees them.
 */
public sealed interface Principal permits Principal.Anonymous, Principal.ApiTokenHolder, Principal.MattermostUser {

  String name();

  /** Whether this principal may read the channel (an id; {@code null} or empty: no channel, visible to all). */
  boolean canSeeChannel(String channelId);

  /** Whether this principal may see the update (its channel is in the principal's scope). */
  default boolean canSee(ResourceUpdate update) {
    return canSeeChannel(update.getChannelId());
  }

  /**
   * Whether the scope is every channel, so a shared cache (per channel or per feed, not filtered) may answer it
   * without a check per update.
   */
  boolean seesEveryChannel();

  /**
   * The caller's own Mattermost token, when it presented one: Mattermost tools then act with it, never with more
   * rights than the caller has. Empty: the gateway's configured token is used (anonymous, API-token holders).
   */
  default Optional<Secret> mattermostToken() {
    return Optional.empty();
  }

  /**
   * Whether this principal may send a broadcast to every listener ({@code POST /v1/broadcasts}, push_stream): the
   * operator's principals (anonymous on loopback, an API token with every channel), not a Mattermost user nor a
   * token limited to some channels. Everyone may read them: broadcasts are not channel data.
   */
  default boolean maySendBroadcasts() {
    return seesEveryChannel() && mattermostToken().isEmpty();
  }

  private static boolean noChannel(String channelId) {
    return channelId == null || channelId.isEmpty();
  }

  /** Anonymous access: every channel, as the unauthenticated demo on loopback has. */
  record Anonymous() implements Principal {
    @Override
    public String name() {
      return "anonymous";
    }

    @Override
    public boolean canSeeChannel(String channelId) {
      return true;
    }

    @Override
    public boolean seesEveryChannel() {
      return true;
    }
  }

  /** A holder of one of the gateway's API tokens ({@code GATEWAY_API_TOKENS}), known by the token's name. */
  record ApiTokenHolder(String name, ChannelScope scope) implements Principal {

    /** A token that sees every channel. */
    public ApiTokenHolder(String name) {
      this(name, ChannelScope.ALL);
    }

    @Override
    public boolean canSeeChannel(String channelId) {
      return noChannel(channelId) || scope.includes(channelId);
    }

    @Override
    public boolean seesEveryChannel() {
      return scope.isAll();
    }
  }

  /**
   * A Mattermost user who presented their own token: sees the channels they are a member of (asked of
   * {@code memberships} on every check) and acts in Mattermost with that token.
   */
  record MattermostUser(String userId, String username, Secret token, Memberships memberships) implements Principal {
    @Override
    public String name() {
      return "mm:" + username;
    }

    @Override
    public boolean canSeeChannel(String channelId) {
      return noChannel(channelId) || memberships.isMember(userId, token, channelId);
    }

    @Override
    public boolean seesEveryChannel() {
      return false;
    }

    @Override
    public Optional<Secret> mattermostToken() {
      return Optional.of(token);
    }

    @Override
    public String toString() { // the token never shows
      return "MattermostUser[" + username + "]";
    }
  }
}
