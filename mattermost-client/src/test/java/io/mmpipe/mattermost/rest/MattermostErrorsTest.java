package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mmpipe.mattermost.rest.MattermostApiException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MattermostErrorsTest {

  private static HttpHeaders headers(Map<String, String> h) {
    Map<String, List<String>> m = new java.util.HashMap<>();
    h.forEach((k, v) -> m.put(k, List.of(v)));
    return HttpHeaders.of(m, (a, b) -> true);
  }

  private static final String SESSION_EXPIRED = "{\"id\":\"api.context.session_expired.app_error\","
      + "\"message\":\"Invalid or expired session, please login again.\",\"detailed_error\":\"\","
      + "\"request_id\":\"r1\",\"status_code\":401}";

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void shouldTreatAuthFailuresAsPermanentWithAClearMessage(int status) {
    MattermostApiException e = MattermostErrors.fromResponse("/api/v4/users/me", "MATTERMOST_TOKEN", status,
        headers(Map.of()), SESSION_EXPIRED);
    assertThat(e.kind()).isEqualTo(status == 401 ? Kind.AUTH : Kind.FORBIDDEN);
    assertThat(e.errorId()).isEqualTo("api.context.session_expired.app_error");
    assertThat(MattermostErrors.isRetriable(e)).isFalse();
    // only a 401 means the token is refused; a 403 is one resource's permission, the token still works
    assertThat(MattermostErrors.isAuthFailure(e)).isEqualTo(status == 401);
    assertThat(MattermostErrors.isPermissionDenied(e)).isEqualTo(status == 403);
    assertThat(e.getMessage()).contains("MATTERMOST_TOKEN", "/api/v4/users/me", String.valueOf(status),
        "session_expired");
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void shouldRetryTimeoutsRateLimitsAndServerErrors(int status) {
    MattermostApiException e = MattermostErrors.fromResponse("/x", "MATTERMOST_TOKEN", status, headers(Map.of()), "");
    assertThat(e.kind()).isEqualTo(Kind.RETRIABLE);
    assertThat(MattermostErrors.isRetriable(e)).isTrue();
    assertThat(e.retryAfter()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405, 413})
  void shouldNotRetryOtherClientErrors(int status) {
    MattermostApiException e = MattermostErrors.fromResponse("/x", "MATTERMOST_TOKEN", status, headers(Map.of()),
        "{}");
    assertThat(e.kind()).isEqualTo(status == 404 ? Kind.NOT_FOUND : Kind.PERMANENT);
    assertThat(MattermostErrors.isRetriable(e)).isFalse();
    assertThat(MattermostErrors.isAuthFailure(e)).isFalse();
    assertThat(MattermostErrors.isPermissionDenied(e)).isFalse();
  }

  @Test
  void shouldHonourRetryAfterSecondsOn429WithPlainTextBody() {
    MattermostApiException e = MattermostErrors.fromResponse("/x", "MATTERMOST_TOKEN", 429,
        headers(Map.of("Retry-After", "3", "X-Ratelimit-Reset", "9")), "limit exceeded");
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(e.getMessage()).contains("limit exceeded");
  }

  @Test
  void shouldReadRateLimitResetAsSecondsNotEpochAndMatchHeaderCaseInsensitively() {
    MattermostApiException e = MattermostErrors.fromResponse("/x", "MATTERMOST_TOKEN", 429,
        headers(Map.of("x-ratelimit-reset", "2")), "limit exceeded");
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldHonourRetryAfterAsHttpDateOn503() {
    String in5s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
    MattermostApiException e = MattermostErrors.fromResponse("/x", "MATTERMOST_TOKEN", 503,
        headers(Map.of("Retry-After", in5s)), "");
    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
  }

  @Test
  void shouldIgnoreUnreadableRetryAfter() {
    assertThat(MattermostErrors.waitHint(headers(Map.of("Retry-After", "soon")))).isEmpty();
    assertThat(MattermostErrors.waitHint(headers(Map.of("Retry-After", "-4")))).isEmpty();
  }

  @Test
  void shouldRetryTransportFailuresButNotAnOpenCircuit() {
    assertThat(MattermostErrors.isRetriable(MattermostErrors.fromTransport("/x", new ConnectException("refused"))))
        .isTrue();
    assertThat(MattermostErrors.fromTransport("/x", new HttpTimeoutException("t")).getMessage()).contains("timed out");
    assertThat(MattermostErrors.isRetriable(new IOException("reset"))).isTrue();
    assertThat(MattermostErrors.isRetriable(CallNotPermittedException.createCallNotPermittedException(
        CircuitBreaker.ofDefaults("t")))).isFalse();
    assertThat(MattermostErrors.isRetriable(new IllegalStateException())).isFalse();
  }

  @Test
  void shouldCapServerHintsAndDoubleOwnBackoff() {
    RestPolicy p = new RestPolicy(10, 5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(p.backoff(1, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(2, null)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoff(3, null)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoff(10, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(1, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(700));
    assertThat(p.backoff(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
  }
}
