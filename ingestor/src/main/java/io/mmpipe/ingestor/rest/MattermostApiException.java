package io.mmpipe.ingestor.rest;

import java.time.Duration;

/**
 * A failed Mattermost call, already classified by {@link MattermostErrors}. Never carries the token.
 *
 * @see MattermostErrors
 */
public final class MattermostApiException extends RuntimeException {

  /** What the caller should do about it. */
  public enum Kind {
    /** Try again later (network trouble, 408, 429, 5xx). */
    RETRIABLE,
    /** The token is invalid or lacks rights (401/403): fail fast, retrying will not help. */
    AUTH,
    /** The request itself is wrong (other 4xx) or the answer is unreadable. */
    PERMANENT
  }

  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;

  public MattermostApiException(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 for transport failures. */
  public int status() {
    return status;
  }

  /** What the server asked us to wait (Retry-After or X-Ratelimit-Reset), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
