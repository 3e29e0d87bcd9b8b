package io.mmpipe.mattermost.rest;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;

/**
 * Mattermost REST v4, the one client of mmpipe. Every call, whichever group it is in, goes through the same
 * {@link RestPolicy}: retry with capped backoff honouring Retry-After and X-Ratelimit-Reset, a client-side rate
 * limit and a circuit breaker, and {@link MattermostErrors} decides what is retriable.
 *
 * <p>The calls are grouped by subject: {@link #posts()}, {@link #channels()}, {@link #users()}, {@link #teams()} and
 * {@link #files()}. Their answers are Mattermost's own JSON (a {@code JsonNode} as the server sent it): the gateway
 * hands those objects on to its clients and caches them, and a typed copy would drop the fields newer servers add.
 * Only the ingestor's polling views are typed ({@link ChannelInfo}, {@link PostRows}). Failures are
 * {@link MattermostApiException}s whose {@link MattermostApiException.Kind} says what to do (404 is
 * {@code NOT_FOUND}, 403 {@code FORBIDDEN}, 401 {@code AUTH}).
 *
 * <p>A client made with {@link #withToken} shares this one's connection pool, rate limit and breaker: a gateway that
 * acts with each caller's own token still looks like one polite client to the server.
 */
public final class MattermostClient implements AutoCloseable {

  private final RestTransport transport;
  private final boolean ownsTransport;
  private final PostsApi posts;
  private final ChannelsApi channels;
  private final UsersApi users;
  private final TeamsApi teams;
  private final FilesApi files;

  /**
   * @param tokenName what the token is called where it was configured (e.g. {@code MATTERMOST_TOKEN}), so a refusal
   *                  says which setting to fix
   */
  public MattermostClient(URI baseUrl, Secret token, String tokenName, RestPolicy policy) {
    this(new RestTransport(baseUrl, policy), true, token, tokenName);
  }

  private MattermostClient(RestTransport transport, boolean ownsTransport, Secret token, String tokenName) {
    this.transport = transport;
    this.ownsTransport = ownsTransport;
    Caller caller = new Caller(transport, token, tokenName);
    this.posts = new PostsApi(caller);
    this.channels = new ChannelsApi(caller);
    this.users = new UsersApi(caller);
    this.teams = new TeamsApi(caller);
    this.files = new FilesApi(caller);
  }

  /**
   * The same server and policy with another token (a caller's own). Closing the returned client does nothing;
   * closing this one closes both.
   */
  public MattermostClient withToken(Secret token, String tokenName) {
    return new MattermostClient(transport, false, token, tokenName);
  }

  public URI baseUrl() {
    return transport.baseUrl();
  }

  public CircuitBreaker.State breakerState() {
    return transport.breakerState();
  }

  public PostsApi posts() {
    return posts;
  }

  public ChannelsApi channels() {
    return channels;
  }

  public UsersApi users() {
    return users;
  }

  public TeamsApi teams() {
    return teams;
  }

  public FilesApi files() {
    return files;
  }

  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }
}
