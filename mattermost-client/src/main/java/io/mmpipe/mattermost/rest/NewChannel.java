package io.mmpipe.mattermost.rest;

import java.util.regex.Pattern;

/**
 * A channel to create ({@code POST /channels}).
 *
 * @param name        the URL name: 1 to 64 of lowercase letters, digits, '-' and '_' (Mattermost's rule)
 * @param displayName what people see, 1 to 64 characters
 * @param type        'O' (public) or 'P' (private)
 * @param purpose     or null
 * @param header      or null
 */
public record NewChannel(String teamId, String name, String displayName, char type, String purpose, String header) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

  public NewChannel {
    PostsApi.require(teamId, "teamId");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a channel name is 1 to 64 of a-z, 0-9, '-' and '_': " + name);
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 64) {
      throw new IllegalArgumentException("a channel display name is 1 to 64 characters");
    }
    if (type != 'O' && type != 'P') {
      throw new IllegalArgumentException("a channel type is O (public) or P (private): " + type);
    }
  }
}
