package io.mmpipe.gateway.security;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.mmpipe.runtime.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Optional Bearer authentication with API tokens ({@code GATEWAY_API_TOKENS}): a request to a protected path must
 * carry {@code Authorization: Bearer <token>} matching one of them, or it is answered 401 with
 * {@code WWW-Authenticate: Bearer}. Only SHA-256 digests of the tokens are kept, and a presented token is compared
 * with every digest in constant time, so neither the heap nor the timing tells a token. The holder's principal
 * sees every channel; per-token channel scopes and Mattermost users come with the security issue.
 */
public final class BearerAuth implements Handler, PrincipalResolver {

  static final String ATTRIBUTE = "mmpipe.principal";
  static final String CHALLENGE = "Bearer realm=\"mmpipe\"";

  private record Holder(String name, byte[] digest) {}

  private final List<Holder> holders;

  private BearerAuth(List<Holder> holders) {
    this.holders = List.copyOf(holders);
  }

  /**
   * @param tokens each {@code name=token} (the name shows in logs and metrics, the token never does) or a bare
   *               token (named {@code token-1}, {@code token-2}, ...)
   */
  public static BearerAuth of(List<Secret> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("Bearer authentication needs at least one API token");
    }
    List<Holder> holders = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String entry = tokens.get(i).reveal();
      int eq = entry.indexOf('=');
      String name = eq > 0 ? entry.substring(0, eq).trim() : "token-" + (i + 1);
      String token = eq > 0 ? entry.substring(eq + 1).trim() : entry.trim();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("API token " + name + " is empty");
      }
      holders.add(new Holder(name, sha256(token)));
    }
    return new BearerAuth(holders);
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
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("this endpoint needs an API token: send Authorization: Bearer <token>");
    }
    byte[] presented = sha256(authorization.substring(7).trim());
    Holder match = null;
    for (Holder h : holders) { // every digest is compared, whichever matches
      if (MessageDigest.isEqual(h.digest(), presented)) {
        match = h;
      }
    }
    if (match == null) {
      throw unauthorized("the API token is not valid");
    }
    return new Principal.ApiTokenHolder(match.name());
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
