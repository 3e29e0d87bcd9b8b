package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.mattermost.rest.MattermostApiException.Kind;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The ONE place that decides whether a Mattermost failure is worth retrying. 401/403 are permanent, and so are 404
 * and the other 4xx; but only a 401 says the token is refused: a 403 says this user may not do this one thing (read
 * this channel), the token works. Transport failures, 408, 429 and 5xx are retriable, and 429/503 carry how long to wait (Retry-After, or X-Ratelimit-Reset which Mattermost
 * sends in SECONDS until reset, not as an epoch).
 */
public final class MattermostErrors {

  private MattermostErrors() {}

  /**
   * Classifies a non-2xx answer.
   *
   * @param endpoint  the path without query, for the message
   * @param tokenName what the token is called where the operator set it (MATTERMOST_TOKEN, "the caller's token")
   */
  public static MattermostApiException fromResponse(String endpoint, String tokenName, int status,
      HttpHeaders headers, String body) {
    AppError err = appError(body);
    String detail = err.message().isEmpty() ? "" : ": " + err.message();
    if (status == 401) {
      return new MattermostApiException(Kind.AUTH, status, null, err.id(), "Mattermost rejected " + tokenName
          + " on " + endpoint + " (HTTP 401" + detail + "); check that the token is valid and its account active",
          null);
    }
    if (status == 403) {
      return new MattermostApiException(Kind.FORBIDDEN, status, null, err.id(), "Mattermost refused " + endpoint
          + " to the user of " + tokenName + " (HTTP 403" + detail + "); the token is valid but lacks the permission",
          null);
    }
    if (status == 408 || status == 429 || status >= 500) {
      Duration wait = waitHint(headers).orElse(null);
      return new MattermostApiException(Kind.RETRIABLE, status, wait, err.id(),
          "Mattermost answered HTTP " + status + " on " + endpoint + detail
              + (wait == null ? "" : " (retry after " + wait.toMillis() + " ms)"), null);
    }
    Kind kind = status == 404 ? Kind.NOT_FOUND : Kind.PERMANENT;
    return new MattermostApiException(kind, status, null, err.id(),
        "Mattermost answered HTTP " + status + " on " + endpoint + detail, null);
  }

  /** Classifies a transport failure (connection refused, reset, timeout). */
  public static MattermostApiException fromTransport(String endpoint, IOException e) {
    String what = e instanceof HttpTimeoutException ? "timed out" : "failed: " + e;
    return new MattermostApiException(Kind.RETRIABLE, 0, null, "request to " + endpoint + " " + what, e);
  }

  /** Whether a failure is worth another attempt. */
  public static boolean isRetriable(Throwable t) {
    if (t instanceof MattermostApiException m) {
      return m.kind() == Kind.RETRIABLE;
    }
    // an open circuit breaker is a verdict already reached: waiting in a retry loop would only hide it
    if (t instanceof CallNotPermittedException) {
      return false;
    }
    return t instanceof IOException;
  }

  /** Whether a failure means the token itself is refused (401: invalid, expired or revoked). */
  public static boolean isAuthFailure(Throwable t) {
    return t instanceof MattermostApiException m && m.kind() == Kind.AUTH;
  }

  /**
   * Whether a failure is a permission refusal (403): the token works but may not touch this resource, so the failure
   * belongs to that resource (one channel) and says nothing about the token.
   */
  public static boolean isPermissionDenied(Throwable t) {
    return t instanceof MattermostApiException m && m.kind() == Kind.FORBIDDEN;
  }

  /**
   * How long the server asked us to wait: {@code Retry-After} (seconds or an HTTP date), else
   * {@code X-Ratelimit-Reset} (seconds). Header names match case-insensitively.
   */
  public static Optional<Duration> waitHint(HttpHeaders headers) {
    if (headers == null) {
      return Optional.empty();
    }
    Optional<Duration> retryAfter = headers.firstValue("Retry-After").flatMap(MattermostErrors::parseRetryAfter);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    return headers.firstValue("X-Ratelimit-Reset").flatMap(MattermostErrors::seconds);
  }

  private static Optional<Duration> parseRetryAfter(String v) {
    Optional<Duration> s = seconds(v);
    if (s.isPresent()) {
      return s;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String v) {
    try {
      double s = Double.parseDouble(v.trim());
      return s < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(s * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The AppError's id and message ("message [id]"); rate-limit answers are plain text ("limit exceeded"). */
  private record AppError(String id, String message) {}

  private static AppError appError(String body) {
    if (body == null || body.isBlank()) {
      return new AppError("", "");
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null && n.isObject()) {
        String id = Json.text(n, "id");
        String msg = Json.text(n, "message");
        return new AppError(id, (msg + (id.isEmpty() ? "" : " [" + id + "]")).trim());
      }
    } catch (IOException e) {
      // not JSON: fall through to the text
    }
    String t = body.strip();
    return new AppError("", t.length() > 200 ? t.substring(0, 200) + "…" : t);
  }
}
