package io.mmpipe.gateway.security;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.mmpipe.runtime.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the principal of a request from its {@code Authorization} header. {@code Bearer <token>} is first compared
 * with the API tokens ({@code GATEWAY_API_TOKENS}): only SHA-256 digests of them are kept, and a presented token is
 * compared with every digest in constant time, so neither the heap nor the timing tells a token; a match is that
 * token's holder, with the token's channel scope. Any other Bearer token is taken for a Mattermost user's own token
 * ({@link MattermostUsers}) when Mattermost users are accepted. No header is the anonymous principal where that is
 * allowed (a gateway bound to loopback). Anything else is answered 401 with {@code WWW-Authenticate: Bearer}.
 */
public final class BearerAuth implements Handler, PrincipalResolver {

  static final String ATTRIBUTE = "mmpipe.principal";
  static final String CHALLENGE = "Bearer realm=\"mmpipe\"";
  private static final Principal.Anonymous ANONYMOUS = new Principal.Anonymous();

  private record Holder(String name, byte[] digest, ChannelScope scope) {}

  private final List<Holder> holders;
  private final MattermostUsers users; // null: Mattermost users' tokens are not accepted
  private final boolean anonymous;

  private BearerAuth(List<Holder> holders, MattermostUsers users, boolean anonymous) {
    this.holders = List.copyOf(holders);
    this.users = users;
    this.anonymous = anonymous;
  }

  /** Only the API tokens: every request must carry one. */
  public static BearerAuth of(List<Secret> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("Bearer authentication needs at least one API token");
    }
    return of(tokens, null, false);
  }

  /**
   * @param tokens    each {@code name=token}, {@code name[channel|channel]=token} (a holder that reads only those
   *                  channels) or a bare token (named {@code token-1}, {@code token-2}, ...); the name shows in logs
   *                  and metrics, the token never does
   * @param users     resolves other Bearer tokens as Mattermost users' own, or null to refuse them
   * @param anonymous whether a request without {@code Authorization} is the anonymous principal
   */
  public static BearerAuth of(List<Secret> tokens, MattermostUsers users, boolean anonymous) {
    List<Holder> holders = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      holders.add(holder(tokens.get(i).reveal(), i));
    }
    return new BearerAuth(holders, users, anonymous);
  }

  private static Holder holder(String entry, int index) {
    int eq = entry.indexOf('=');
    String name = eq > 0 ? entry.substring(0, eq).trim() : "token-" + (index + 1);
    String token = eq > 0 ? entry.substring(eq + 1).trim() : entry.trim();
    ChannelScope scope = ChannelScope.ALL;
    int open = name.indexOf('[');
    if (open >= 0) {
      if (!name.endsWith("]")) {
        throw new IllegalArgumentException("API token " + name + ": a channel list is written name[id|id]=token");
      }
      Set<String> channels = new LinkedHashSet<>();
      for (String c : name.substring(open + 1, name.length() - 1).split("\\|")) {
        if (!c.isBlank()) {
          channels.add(c.trim());
        }
      }
      name = name.substring(0, open).trim();
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("API token " + name + " has an empty channel list");
      }
      scope = channels.contains("*") ? ChannelScope.ALL : ChannelScope.of(channels);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("API token " + name + " is empty");
    }
    return new Holder(name, sha256(token), scope);
  }

  /** Checks the request (a before-handler on the protected paths) and keeps its principal for the handlers. */
  @Override
  public void handle(Context ctx) {
    ctx.attribute(ATTRIBUTE, authenticate(ctx.header("Authorization")));
  }

  @Override
  public Principal resolve(Context ctx) {
    Principal known = ctx.attribute(ATTRIBUTE);
    return known != null ? known : authenticate(ctx.header("Authorization"));
  }

  Principal authenticate(String authorization) {
    if (authorization == null && anonymous) {
      return ANONYMOUS;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("this endpoint needs a token: send Authorization: Bearer <token>");
    }
    String presented = authorization.substring(7).trim();
    byte[] digest = sha256(presented);
    Holder match = null;
    for (Holder h : holders) { // every digest is compared, whichever matches
      if (MessageDigest.isEqual(h.digest(), digest)) {
        match = h;
      }
    }
    if (match != null) {
      return new Principal.ApiTokenHolder(match.name(), match.scope());
    }
    if (users != null && !presented.isEmpty()) {
      Optional<Principal.MattermostUser> user = users.resolve(Secret.of(presented));
      if (user.isPresent()) {
        return user.get();
      }
      throw unauthorized("the token is neither an API token nor a valid Mattermost token");
    }
    throw unauthorized("the API token is not valid");
  }

  private static UnauthorizedResponse unauthorized(String message) {
    return new UnauthorizedResponse(message, Map.of("WWW-Authenticate", CHALLENGE));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
