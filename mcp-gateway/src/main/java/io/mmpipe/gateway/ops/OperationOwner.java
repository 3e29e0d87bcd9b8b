package io.mmpipe.gateway.ops;

import io.mmpipe.gateway.security.Principal;

/**
 * Who started an operation: the principal's kind ({@code anonymous}, {@code api_token}, {@code mattermost_user}) and
 * name. The kind is part of the identity, so an API token named like a Mattermost user is not that user.
 */
public record OperationOwner(String kind, String name) {

  public OperationOwner {
    if (kind == null || name == null) {
      throw new IllegalArgumentException("an operation owner needs a kind and a name");
    }
  }

  public static OperationOwner of(Principal p) {
    String kind = switch (p) {
      case Principal.Anonymous a -> "anonymous";
      case Principal.ApiTokenHolder h -> "api_token";
      case Principal.MattermostUser u -> "mattermost_user";
    };
    return new OperationOwner(kind, p.name());
  }

  /**
   * Whether {@code p} may read, watch, read the result of or cancel the operation: a principal that sees every
   * channel may; its owner may while it still sees the operation's channel; nobody else (nor anyone but the former,
   * for a state saved before operations had owners).
   */
  public static boolean mayAccess(Principal p, OperationState s) {
    if (p.seesEveryChannel()) {
      return true;
    }
    return s.owner() != null && s.owner().equals(of(p)) && s.channelId() != null && p.canSeeChannel(s.channelId());
  }
}
