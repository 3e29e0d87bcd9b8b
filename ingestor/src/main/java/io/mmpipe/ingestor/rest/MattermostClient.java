package io.mmpipe.ingestor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.mmpipe.ingestor.json.Json;
import io.mmpipe.ingestor.json.PostParser;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.runtime.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mattermost REST v4, the endpoints the ingestor needs. The token travels only in the Authorization header.
 * Every call goes through Resilience4j: Retry (capped exponential backoff honouring Retry-After) around a
 * CircuitBreaker around a client-side RateLimiter, with {@link MattermostErrors} deciding what is retriable.
 */
public final class MattermostClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MattermostClient.class);

  /** Mattermost caps {@code since} at this many rows, chosen BEFORE ordering. */
  public static final int SINCE_CAP = 1000;
  private static final int PER_PAGE = 200;
  /** A safety stop for the page walk: 100 pages = 20 000 posts in one interval. */
  private static final int MAX_PAGES = 100;
  private static final int REACTION_BATCH = 200;

  private final URI base;
  private final Secret token;
  private final RestPolicy policy;
  private final HttpClient http;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final Retry retry;

  public MattermostClient(URI baseUrl, Secret token, RestPolicy policy) {
    String s = baseUrl.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.token = token;
    this.policy = policy;
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
    this.rateLimiter = RateLimiter.of("mattermost-rest", RateLimiterConfig.custom()
        .limitForPeriod(policy.requestsPerSecond())
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ofMinutes(5))
        .build());
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
      // jitter only on our own doubling, so two ingestors do not retry in lockstep; a server hint is exact
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

  public URI baseUrl() {
    return base;
  }

  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /** The bot itself: validates the token. */
  public JsonNode me() {
    return get("/api/v4/users/me", "");
  }

  public List<String> myTeamIds() {
    List<String> out = new ArrayList<>();
    get("/api/v4/users/me/teams", "").forEach(t -> out.add(Json.text(t, "id")));
    return out;
  }

  /** Channels of one team the bot is a member of, plus its direct and group messages. */
  public List<ChannelInfo> myChannels(String teamId) {
    List<ChannelInfo> out = new ArrayList<>();
    get("/api/v4/users/me/teams/" + enc(teamId) + "/channels", "").forEach(c -> out.add(new ChannelInfo(
        Json.text(c, "id"), Json.text(c, "team_id"), Json.text(c, "type"), Json.text(c, "name"),
        Json.number(c, "delete_at"))));
    return out;
  }

  /**
   * Every post row of a channel with {@code update_at > since}. When the server returns its 1000-row cap (an
   * arbitrary subset), walks the channel's pages newest first back to {@code since} to fill in the posts created
   * since then.
   */
  public PostRows postsSince(String channelId, long since) {
    String path = "/api/v4/channels/" + enc(channelId) + "/posts";
    JsonNode list = get(path, "since=" + since);
    Map<String, Post> rows = new LinkedHashMap<>();
    collect(list, rows);
    if (rows.size() < SINCE_CAP) {
      return new PostRows(List.copyOf(rows.values()), false);
    }
    log.info("channel {}: since={} hit the {}-row cap; walking pages", channelId, since, SINCE_CAP);
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonNode p = get(path, "page=" + page + "&per_page=" + PER_PAGE);
      Map<String, Post> got = new LinkedHashMap<>();
      collect(p, got);
      long oldestCreate = Long.MAX_VALUE;
      for (Post post : got.values()) {
        oldestCreate = Math.min(oldestCreate, post.getCreateAt());
        if (post.getUpdateAt() > since) {
          rows.putIfAbsent(post.getId(), post);
        }
      }
      if (got.size() < PER_PAGE || oldestCreate <= since) {
        break;
      }
    }
    return new PostRows(List.copyOf(rows.values()), true);
  }

  private static void collect(JsonNode list, Map<String, Post> into) {
    JsonNode posts = list.path("posts");
    for (JsonNode id : list.path("order")) {
      JsonNode p = posts.get(id.asText());
      if (p != null && p.isObject()) {
        into.put(id.asText(), PostParser.post(p));
      }
    }
  }

  /** The current reactions of each post (every asked id present, possibly with an empty list). */
  public Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId) {
    Map<String, List<Reaction>> out = new HashMap<>();
    List<String> ids = List.copyOf(postIds);
    for (int i = 0; i < ids.size(); i += REACTION_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + REACTION_BATCH));
      String body;
      try {
        body = Json.MAPPER.writeValueAsString(batch);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      JsonNode answer = call("/api/v4/posts/ids/reactions", () -> request("/api/v4/posts/ids/reactions", "")
          .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
      for (String id : batch) {
        List<Reaction> rs = new ArrayList<>();
        JsonNode arr = answer.get(id);
        if (arr != null && arr.isArray()) {
          arr.forEach(r -> rs.add(PostParser.reaction(r, channelId)));
        }
        out.put(id, rs);
      }
    }
    return out;
  }

  private JsonNode get(String path, String query) {
    return call(path, () -> request(path, query).GET().build());
  }

  private HttpRequest.Builder request(String path, String query) {
    return HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
        .timeout(policy.requestTimeout())
        .header("Authorization", "Bearer " + token.reveal())
        .header("Accept", "application/json")
        .header("X-Requested-With", "XMLHttpRequest");
  }

  private JsonNode call(String endpoint, Supplier<HttpRequest> request) {
    Supplier<JsonNode> once = () -> {
      rateLimiter.acquirePermission();
      return exchange(endpoint, request.get());
    };
    return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
  }

  private JsonNode exchange(String endpoint, HttpRequest req) {
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw MattermostErrors.fromTransport(endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MattermostApiException(MattermostApiException.Kind.PERMANENT, 0, null,
          "interrupted while calling " + endpoint, e);
    }
    if (res.statusCode() / 100 != 2) {
      throw MattermostErrors.fromResponse(endpoint, res.statusCode(), res.headers(), res.body());
    }
    try {
      return Json.MAPPER.readTree(res.body());
    } catch (IOException e) {
      throw new MattermostApiException(MattermostApiException.Kind.RETRIABLE, res.statusCode(), null,
          "unreadable answer from " + endpoint + ": " + e.getMessage(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
