package io.mmpipe.sim.world;

import io.mmpipe.sim.model.AccessToken;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.User;
import java.util.List;
import java.util.Locale;

/**
 * Logging in and out and personal access tokens, with the answers api4/user.go gives: every login failure but a
 * blank password and a bot is masked as {@code invalid_credentials_email_username} (the stock server: sign-in with
 * username and with email on, no SSO); token rules are the create/read/revoke_user_access_token permissions plus
 * "your own user, or edit_other_users" (a system admin).
 */
final class Identities {

  private final ActionContext w;

  Identities(ActionContext w) {
    this.w = w;
  }

  /** A new login session for the user named by username or email; its token goes in the {@code Token} header. */
  AccessToken login(String loginId, String password) {
    if (password == null || password.isEmpty()) {
      throw new ApiException(400, "api.user.login.blank_pwd.app_error", "Password field must not be blank");
    }
    String id = loginId == null ? "" : loginId.trim().toLowerCase(Locale.ROOT);
    User u = w.store.users().stream().filter(x -> x.username().equals(id) || x.email().equals(id)).findFirst()
        .orElseThrow(Identities::invalidCredentials);
    if (u.isBot()) {
      throw new ApiException(401, "api.user.login.bot_login_forbidden.app_error", "Bot login is forbidden.");
    }
    if (!w.store.password(u.id()).map(password::equals).orElse(false)) {
      throw invalidCredentials();
    }
    AccessToken session = new AccessToken(w.tokenIds.next(), w.tokenIds.next(), u.id(), "", false);
    w.store.tokens().add(session);
    return session;
  }

  /** Revokes the presented login session; a personal access token survives (its session is recreated on use). */
  void logout(String token) {
    w.store.tokens().byToken(token).filter(t -> !t.personal()).ifPresent(t -> w.store.tokens().remove(t.token()));
  }

  AccessToken createPersonal(User caller, String userId, String description) {
    if (description == null || description.isEmpty()) {
      throw invalidParam("description");
    }
    requireTokenPermission(caller);
    requireSelfOrAdmin(caller, userId);
    w.user(userId);
    AccessToken t = new AccessToken(w.tokenIds.next(), w.tokenIds.next(), userId, description, true);
    w.store.tokens().add(t);
    return t;
  }

  List<AccessToken> personalOf(User caller, String userId) {
    requireTokenPermission(caller);
    requireSelfOrAdmin(caller, userId);
    return w.store.tokens().personalOf(userId);
  }

  /** Revokes a personal access token by its id: REST answers it 401 and its sockets fall silent. */
  void revokePersonal(User caller, String tokenId) {
    if (tokenId == null || tokenId.isEmpty()) {
      throw invalidParam("token_id");
    }
    requireTokenPermission(caller);
    AccessToken t = w.store.tokens().byId(tokenId).filter(AccessToken::personal).orElseThrow(() ->
        new ApiException(404, "app.user_access_token.get_by_user.app_error", "Unable to get user access token."));
    requireSelfOrAdmin(caller, t.userId());
    w.store.tokens().remove(t.token());
  }

  private static void requireTokenPermission(User caller) {
    if (!caller.mayUseAccessTokens()) {
      throw ApiException.forbidden();
    }
  }

  private static void requireSelfOrAdmin(User caller, String userId) {
    if (!caller.id().equals(userId) && !caller.admin()) {
      throw ApiException.forbidden();
    }
  }

  static ApiException invalidCredentials() {
    return new ApiException(401, "api.user.login.invalid_credentials_email_username",
        "Enter a valid email or username and/or password.");
  }

  static ApiException invalidParam(String name) {
    return new ApiException(400, "api.context.invalid_body_param.app_error",
        "Invalid or missing " + name + " in request body.");
  }
}
