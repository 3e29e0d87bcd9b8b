package io.mmpipe.gateway.mattermost;

import io.mmpipe.mattermost.rest.MattermostApiException;

/**
 * The one place that words a failed Mattermost call for a model (tool results, resource reads, prompts): what went
 * wrong and what it can do about it. The client already classified the failure ({@link MattermostApiException.Kind});
 * this adds the subject.
 */
public final class FailureText {

  private FailureText() {}

  /**
   * @param e        the failure
   * @param notFound what was looked for, e.g. "no channel with id abc" (the 404 case)
   * @param action   what the token tried, e.g. "post in this channel" (the 403 case)
   */
  public static String describe(MattermostApiException e, String notFound, String action) {
    return switch (e.kind()) {
      case NOT_FOUND -> notFound + " (or the token may not see it); check the id, e.g. with a list or search tool";
      case FORBIDDEN -> "the token may not " + action + " (Mattermost answered 403 Forbidden)";
      case AUTH -> "Mattermost refused the token (401): it is invalid or expired; MATTERMOST_TOKEN (or the "
          + "caller's own token) must be fixed, retrying will not help";
      case RETRIABLE -> e.status() == 0
          ? "Mattermost is unreachable right now (" + reason(e) + "); try again in a minute"
          : "Mattermost is overloaded or failing (HTTP " + e.status() + "); try again in a minute";
      case PERMANENT -> "Mattermost rejected the request (HTTP " + e.status() + "): " + reason(e)
          + "; change the arguments rather than retrying";
    };
  }

  private static String reason(MattermostApiException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.kind().name().toLowerCase() : m;
  }
}
