package io.mmpipe.gateway.security;

import io.mmpipe.schemas.avro.ResourceUpdate;

/**
 * Who is asking. Every subscription carries one and is filtered by its channel scope. Only {@link Anonymous} exists
 * today (the local demo, bound to loopback); API-token holders and Mattermost users come with their own scopes.
 */
public sealed interface Principal permits Principal.Anonymous, Principal.ApiTokenHolder {

  String name();

  /** Whether this principal may see the update (its channel is in the principal's scope). */
  boolean canSee(ResourceUpdate update);

  /**
   * Whether the scope is every channel, so a shared cache (per channel or per feed, not filtered) may answer it
   * without a check per update.
   */
  boolean seesEveryChannel();

  /**
   * The caller's own Mattermost token, when it presented one: Mattermost tools then act with it, never with more
   * rights than the caller has. Empty: the gateway's configured token is used (anonymous, API-token holders).
   */
  default java.util.Optional<io.mmpipe.runtime.config.Secret> mattermostToken() {
    return java.util.Optional.empty();
  }

  /** Anonymous access: every channel, as the unauthenticated demo has. */
  record Anonymous() implements Principal {
    @Override
    public String name() {
      return "anonymous";
    }

    @Override
    public boolean canSee(ResourceUpdate update) {
      return true;
    }

    @Override
    public boolean seesEveryChannel() {
      return true;
    }
  }

  /** A holder of one of the gateway's API tokens ({@code GATEWAY_API_TOKENS}), known by the token's name. */
  record ApiTokenHolder(String name) implements Principal {
    @Override
    public boolean canSee(ResourceUpdate update) {
      return true;
    }

    @Override
    public boolean seesEveryChannel() {
      return true;
    }
  }
}
