package io.mmpipe.sim.model;

import java.util.Objects;

/**
 * A credential the server accepts as {@code Authorization: Bearer}: a login session (POST /users/login) or a personal
 * access token (POST /users/{user_id}/tokens, Mattermost's UserAccessToken). Sessions never appear in a token list.
 *
 * @param id the token's own id (26 characters), what {@code /users/tokens/revoke} names
 * @param personal true for a personal access token, false for a login session
 */
public record AccessToken(String id, String token, String userId, String description, boolean personal) {

  public AccessToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userId, "userId");
    description = description == null ? "" : description;
  }
}
