package io.mmpipe.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The channel checks of Mattermost reads done with the gateway's own token on behalf of a principal whose scope is
 * not every channel (an API token with a channel list): a Mattermost user's reads go with their own token, which
 * Mattermost itself limits, and are checked all the same.
 */
public final class ScopeGuard {

  /** Tools that read or change no channel's content: allowed whatever the scope. */
  static final Set<String> CHANNEL_FREE = Set.of("list_teams", "get_me", "get_user", "search_users",
      "get_user_status", "set_user_status");

  private ScopeGuard() {}

  /**
   * Why {@code principal} may not call {@code tool} with {@code arguments}, or null when it may. A principal limited
   * to some channels may call a tool naming one of them ({@code channel_id}) or a tool that reads no channel; tools
   * reaching channels by other ids (posts, files, searches, listings) are refused, the gateway's token could read
   * channels outside the scope through them.
   */
  public static String toolRefusal(Principal principal, String tool, JsonNode arguments) {
    if (principal.seesEveryChannel() || principal.mattermostToken().isPresent() || CHANNEL_FREE.contains(tool)) {
      return null;
    }
    JsonNode channel = arguments == null ? null : arguments.get("channel_id");
    if (channel == null || !channel.isTextual()) {
      return tool + " is not available to " + principal.name() + ": its token reads only some channels, and this "
          + "tool reaches channels it does not name";
    }
    return principal.canSeeChannel(channel.asText()) ? null
        : tool + ": channel " + channel.asText() + " is outside the channels " + principal.name() + " may read";
  }

  /**
   * Whether every channel a Mattermost answer names (its {@code channel_id}, or that of each of its {@code posts})
   * is in the principal's scope.
   */
  public static boolean mayRead(Principal principal, JsonNode answer) {
    if (principal.seesEveryChannel()) {
      return true;
    }
    if (answer.has("channel_id") && !principal.canSeeChannel(answer.path("channel_id").asText())) {
      return false;
    }
    for (JsonNode p : answer.path("posts")) { // a thread: {order, posts: {id: post}}; MissingNode has none
      if (!principal.canSeeChannel(p.path("channel_id").asText(""))) {
        return false;
      }
    }
    return true;
  }
}
