package io.mmpipe.mattermost.rest;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP connection pool and the policy every call to one Mattermost server goes through: Retry (capped exponential
 * backoff honouring Retry-After) around a CircuitBreaker around a client-side RateLimiter, with
 * {@link MattermostErrors} deciding what is retriable. Shared by every token that talks to that server, so the
 * server sees one well-behaved client however many callers there are.
 */
final class RestTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RestTransport.class);

  /**
   * The client-side limiter hands out {@link #BURST_PERIOD} worth of requests at a time, as Mattermost's own limiter
   * allows (10 requests/s with a burst of 100): a catch-up over many channels goes out at once instead of ten a
   * second, and the average rate stays {@code requestsPerSecond}. A server limiting harder answers 429, honoured.
   */
  static final Duration BURST_PERIOD = Duration.ofSeconds(10);

  private final URI base;
  private final RestPolicy policy;
  private final HttpClient http;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final Retry retry;

  RestTransport(URI baseUrl, RestPolicy policy) {
    String s = baseUrl.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.policy = policy;
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
    this.rateLimiter = RateLimiter.of("mattermost-rest", limiterConfig(policy));
    this.breaker = CircuitBreaker.of("mattermost-rest", CircuitBreakerConfig.custom()
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(60)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(2)
        // only server trouble opens the breaker; a 404 for one channel says nothing about the server
        .recordException(MattermostErrors::isRetriable)
        .build());
    IntervalBiFunction<Object> interval = (attempt, either) -> {
      Duration hint = either.isLeft() && either.getLeft() instanceof MattermostApiException m ? m.retryAfter() : null;
      long ms = policy.backoff(attempt, hint).toMillis();
      // jitter only on our own doubling, so two clients do not retry in lockstep; a server hint is exact
      return hint != null ? ms : ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
    };
    this.retry = Retry.of("mattermost-rest", RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .intervalBiFunction(interval)
        .retryOnException(MattermostErrors::isRetriable)
        .failAfterMaxAttempts(false)
        .build());
    retry.getEventPublisher().onRetry(e -> log.warn("retrying Mattermost call (attempt {}) in {} ms: {}",
        e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(),
        e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
  }

  URI baseUrl() {
    return base;
  }

  CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /** A request to {@code pathAndQuery} (starting with /api/v4) with the per-request timeout set. */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(policy.requestTimeout());
  }

  /**
   * One call under the whole policy; {@code request} is asked again for each attempt (a body publisher is not
   * always reusable). Returns the 2xx answer; anything else is thrown as a classified
   * {@link MattermostApiException}.
   *
   * @param endpoint  the path without query, for messages (never the token)
   * @param tokenName what the token is called, for the message of a 401/403
   */
  HttpResponse<byte[]> call(String endpoint, String tokenName, Supplier<HttpRequest> request) {
    Supplier<HttpResponse<byte[]>> once = () -> {
      rateLimiter.acquirePermission();
      return exchange(endpoint, tokenName, request.get());
    };
    return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
  }

  private HttpResponse<byte[]> exchange(String endpoint, String tokenName, HttpRequest req) {
    HttpResponse<byte[]> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw MattermostErrors.fromTransport(endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MattermostApiException(MattermostApiException.Kind.PERMANENT, 0, null,
          "interrupted while calling " + endpoint, e);
    }
    if (res.statusCode() / 100 != 2) {
      throw MattermostErrors.fromResponse(endpoint, tokenName, res.statusCode(), res.headers(),
          new String(res.body(), StandardCharsets.UTF_8));
    }
    return res;
  }

  @Override
  public void close() {
    http.close();
  }

  static RateLimiterConfig limiterConfig(RestPolicy policy) {
    return RateLimiterConfig.custom()
        .limitForPeriod(Math.toIntExact(policy.requestsPerSecond() * BURST_PERIOD.toSeconds()))
        .limitRefreshPeriod(BURST_PERIOD)
        .timeoutDuration(Duration.ofMinutes(5))
        .build();
  }
}
