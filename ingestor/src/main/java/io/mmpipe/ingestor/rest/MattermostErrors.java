package io.mmpipe.ingestor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mmpipe.ingestor.json.Json;
import io.mmpipe.ingestor.rest.MattermostApiException.Kind;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The ONE place that decides whether a Mattermost failure is worth retrying. 401/403 are permanent (the token is
 * wrong: say so clearly and stop); transport failures, 408, 429 and 5xx are retriable, and 429/503 carry how long
 * to wait (Retry-After, or X-Ratelimit-Reset which Mattermost sends in SECONDS until reset, not as an epoch).
 */
public final class MattermostErrors {

  private MattermostErrors() {}

  /** Classifies a non-2xx answer. {@code endpoint} is the path without query, for the message. */
  public static MattermostApiException fromResponse(String endpoint, int status, HttpHeaders headers, String body) {
    String detail = appErrorMessage(body);
    if (status == 401 || status == 403) {
      return new MattermostApiException(Kind.AUTH, status, null,
          "Mattermost rejected MATTERMOST_TOKEN on " + endpoint + " (HTTP " + status + (detail.isEmpty() ? "" : ": "
              + detail) + "); check that the token is valid and the bot account is active", null);
    }
    if (status == 408 || status == 429 || status >= 500) {
      Duration wait = waitHint(headers).orElse(null);
      return new MattermostApiException(Kind.RETRIABLE, status, wait,
          "Mattermost answered HTTP " + status + " on " + endpoint + (detail.isEmpty() ? "" : ": " + detail)
              + (wait == null ? "" : " (retry after " + wait.toMillis() + " ms)"), null);
    }
    return new MattermostApiException(Kind.PERMANENT, status, null,
        "Mattermost answered HTTP " + status + " on " + endpoint + (detail.isEmpty() ? "" : ": " + detail), null);
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

  /** Whether a failure means our credentials are refused. */
  public static boolean isAuthFailure(Throwable t) {
    return t instanceof MattermostApiException m && m.kind() == Kind.AUTH;
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

  /** The AppError message when the body is one; rate-limit answers are plain text ("limit exceeded"). */
  private static String appErrorMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null && n.isObject()) {
        String id = Json.text(n, "id");
        String msg = Json.text(n, "message");
        return (msg + (id.isEmpty() ? "" : " [" + id + "]")).trim();
      }
    } catch (IOException e) {
      // not JSON: fall through to the text
    }
    String t = body.strip();
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }
}
