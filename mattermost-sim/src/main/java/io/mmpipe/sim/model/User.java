package io.mmpipe.sim.model;

/**
 * A user; the bot is a user with {@code isBot}.
 *
 * @param tokenCreator holds the {@code system_user_access_token} role: may create, read and revoke their own personal
 *     access tokens (Mattermost grants that to system admins only unless an admin gives a user this role)
 */
public record User(String id, String username, String firstName, String lastName, String email, boolean isBot,
                   boolean admin, long createAt, boolean tokenCreator) {

  public String roles() {
    if (admin) {
      return "system_user system_admin";
    }
    return tokenCreator ? "system_user system_user_access_token" : "system_user";
  }

  /** create/read/revoke_user_access_token: the role above or a system admin. */
  public boolean mayUseAccessTokens() {
    return admin || tokenCreator;
  }
}
