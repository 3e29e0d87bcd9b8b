package io.mmpipe.sim.model;

import io.mmpipe.sim.TokenLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every credential the simulated server knows, by token and by id. Bounded per user: past
 * {@link #MAX_SESSIONS_PER_USER} login sessions the oldest is dropped (as an expired session would be), past
 * {@link #MAX_PERSONAL_PER_USER} personal tokens creating one more is refused. Not thread-safe (the world's lock).
 */
public final class Tokens {

  public static final int MAX_SESSIONS_PER_USER = 50;
  public static final int MAX_PERSONAL_PER_USER = 50;

  private final Map<String, AccessToken> byToken = new LinkedHashMap<>(); // insertion order = age
  private final Map<String, String> tokenById = new HashMap<>();
  private final Map<String, String> firstByUser = new HashMap<>();

  /** Adds a credential; the user's first one is what {@link #firstOf} answers (the seeded token). */
  public void add(AccessToken t) {
    if (byToken.containsKey(t.token()) || tokenById.containsKey(t.id())) {
      throw new IllegalArgumentException("token already exists");
    }
    if (t.personal() && count(t.userId(), true) >= MAX_PERSONAL_PER_USER) {
      throw new ApiException(400, "app.user_access_token.save.app_error",
          "A user has at most " + MAX_PERSONAL_PER_USER + " personal access tokens in the simulator.");
    }
    if (!t.personal() && count(t.userId(), false) >= MAX_SESSIONS_PER_USER) {
      oldest(t.userId(), false).ifPresent(old -> remove(old.token()));
    }
    byToken.put(t.token(), t);
    TokenLedger.record(t.token()); // a test's credential: the secret scan looks for it in every log
    tokenById.put(t.id(), t.token());
    firstByUser.putIfAbsent(t.userId(), t.token());
  }

  public Optional<AccessToken> byToken(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  public Optional<AccessToken> byId(String id) {
    return Optional.ofNullable(tokenById.get(id)).map(byToken::get);
  }

  /** @return whether the token existed */
  public boolean remove(String token) {
    AccessToken t = byToken.remove(token);
    if (t == null) {
      return false;
    }
    tokenById.remove(t.id());
    return true;
  }

  /** The user's first credential (the seeded token), even after it was revoked: tests name it. */
  public String firstOf(String userId) {
    return firstByUser.get(userId);
  }

  /** The user's personal access tokens, oldest first. */
  public List<AccessToken> personalOf(String userId) {
    List<AccessToken> out = new ArrayList<>();
    for (AccessToken t : byToken.values()) {
      if (t.personal() && t.userId().equals(userId)) {
        out.add(t);
      }
    }
    return out;
  }

  public int count(String userId, boolean personal) {
    int n = 0;
    for (AccessToken t : byToken.values()) {
      if (t.personal() == personal && t.userId().equals(userId)) {
        n++;
      }
    }
    return n;
  }

  private Optional<AccessToken> oldest(String userId, boolean personal) {
    return byToken.values().stream().filter(t -> t.personal() == personal && t.userId().equals(userId)).findFirst();
  }
}
