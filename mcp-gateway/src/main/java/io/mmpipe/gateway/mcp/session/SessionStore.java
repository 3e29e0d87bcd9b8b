package io.mmpipe.gateway.mcp.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where legacy sessions live. With Redis every instance shares them (a session initialized on one instance is
 * served by any other); without Redis a bounded in-memory store serves a single instance. Every read refreshes the
 * session's time to live.
 */
public interface SessionStore extends AutoCloseable {

  /** How many resources one session may subscribe to (bounds the record and every stream's match set). */
  int MAX_SUBSCRIPTIONS = 100;

  /** @throws Unavailable when the store cannot be reached */
  SessionRecord create(String protocolVersion, String clientCapabilities, String clientInfo);

  /** The session, or empty when unknown or expired. @throws Unavailable when the store cannot be reached */
  Optional<SessionRecord> find(String id);

  /** Marks the session initialized. */
  void initialized(String id);

  void logLevel(String id, String level);

  /** Adds a subscription; false when the session already holds {@link #MAX_SUBSCRIPTIONS} others. */
  boolean subscribe(String id, String uri);

  void unsubscribe(String id, String uri);

  /** The session's subscriptions (empty when the session is gone). */
  Set<String> subscriptions(String id);

  /** Ends the session; false when it did not exist. */
  boolean delete(String id);

  @Override
  default void close() {}

  /** The store cannot be reached (Redis down); the message is fit for a client. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A new session id: 32 random bytes from a CSPRNG, base64url (visible ASCII, 43 characters). */
  static String newId() {
    byte[] b = new byte[32];
    Ids.RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether a client-sent id can be one of ours (checked before it reaches Redis as part of a key). */
  static boolean wellFormed(String id) {
    return id != null && id.matches("[A-Za-z0-9_-]{16,128}");
  }

  /** Holder of the shared random source. */
  final class Ids {
    static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}
  }
}
