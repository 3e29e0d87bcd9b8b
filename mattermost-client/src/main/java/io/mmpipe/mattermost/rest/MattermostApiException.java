package io.mmpipe.mattermost.rest;

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
    /** The token is invalid or expired (401): fail fast, retrying will not help. */
    AUTH,
    /** The token is valid but its user may not do this (403): retrying will not help either. */
    FORBIDDEN,
    /** The thing asked for does not exist, or is not visible to the token's user (404). */
    NOT_FOUND,
    /** The request itself is wrong (other 4xx) or the answer is unreadable. */
    PERMANENT
  }

  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;
  private final String errorId;

  public MattermostApiException(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    this(kind, status, retryAfter, "", message, cause);
  }

  public MattermostApiException(Kind kind, int status, Duration retryAfter, String errorId, String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.errorId = errorId == null ? "" : errorId;
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

  /** The AppError id ({@code app.post.get.app_error}), or "" when the answer was not an AppError. */
  public String errorId() {
    return errorId;
  }
}
