package io.mmpipe.mattermost.rest;

import java.time.Duration;

/**
 * How hard the REST client leans on Mattermost.
 *
 * @param requestsPerSecond client-side rate limit (a real server limits at 10/s with a burst of 100)
 * @param maxAttempts       attempts per call, the first included
 * @param baseBackoff       first retry wait; doubles per attempt
 * @param maxBackoff        cap of the doubling, and of any Retry-After the server asks for
 * @param requestTimeout    per HTTP request
 */
public record RestPolicy(int requestsPerSecond, int maxAttempts, Duration baseBackoff, Duration maxBackoff,
                         Duration requestTimeout) {

  public RestPolicy {
    if (requestsPerSecond < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("requestsPerSecond and maxAttempts must be >= 1");
    }
  }

  public static RestPolicy defaults(int requestsPerSecond) {
    return new RestPolicy(requestsPerSecond, 6, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(30));
  }

  /** The wait before attempt {@code attempt + 1}: the server's hint if any (capped), else capped doubling. */
  public Duration backoff(int attempt, Duration serverHint) {
    if (serverHint != null) {
      return serverHint.compareTo(maxBackoff) > 0 ? maxBackoff : serverHint;
    }
    long ms = baseBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }
}
