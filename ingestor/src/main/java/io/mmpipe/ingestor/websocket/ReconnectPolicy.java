package io.mmpipe.ingestor.websocket;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.mattermost.rest.MattermostErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether and when to reconnect after a connection closed: a refused token ends the stream (asked over REST, since
 * the WebSocket does not say why it was refused), so do {@code AUTO_RECONNECT=false} and an exhausted attempt budget;
 * otherwise the wait grows with each consecutive failure ({@link StreamSettings#reconnectBackoff()}).
 */
final class ReconnectPolicy {

  private static final Logger log = LoggerFactory.getLogger(ReconnectPolicy.class);

  /** What to do after a close. */
  sealed interface Next {}

  /** Reconnect after {@code delayMs}; this is consecutive attempt {@code attempt}. */
  record Retry(long delayMs, int attempt) implements Next {}

  /** Stop the stream with this message. */
  record GiveUp(String message, RuntimeException cause) implements Next {}

  /**
   * The wait before reconnecting after a connection that worked closed (a server close, a dropped socket, our own
   * close to resume): the server keeps only its last 128 events for a resume, so at 1,000 events/s a resume must come
   * within about a tenth of a second or turn into a REST catch-up. Only a connection that then fails again waits the
   * backoff.
   */
  static final long QUICK_RECONNECT_MS = 100;

  private final StreamSettings settings;
  private final WebSocketStream.AuthProbe authProbe;
  private final IntervalFunction backoff;
  private int attempts;

  ReconnectPolicy(StreamSettings settings, WebSocketStream.AuthProbe authProbe) {
    this.settings = settings;
    this.authProbe = authProbe;
    this.backoff = settings.reconnectBackoff();
  }

  /** The connection proved it works (a hello, an event or a ping reply): the next failure waits the least again. */
  void worked() {
    attempts = 0;
  }

  /** Asks REST whether the token still works: a give-up when it is refused, else null. */
  GiveUp tokenRefused() {
    try {
      authProbe.check();
    } catch (RuntimeException e) {
      if (MattermostErrors.isAuthFailure(e)) {
        return new GiveUp("Mattermost refused the token: " + e.getMessage(), e);
      }
      log.warn("token check failed too: {}", e.getMessage());
    }
    return null;
  }

  /**
   * @param code   the close code
   * @param worked whether the connection that closed ever worked (a hello or a judged resume)
   */
  Next afterClose(int code, boolean worked) {
    // a connection that never worked may have been refused at the upgrade (a revoked token answers 401 there)
    GiveUp refused = worked ? null : tokenRefused();
    if (refused != null) {
      return refused;
    }
    if (!settings.autoReconnect()) {
      return new GiveUp("WebSocket closed (code " + code + ") and AUTO_RECONNECT is off", null);
    }
    attempts++;
    if (settings.maxReconnectAttempts() > 0 && attempts > settings.maxReconnectAttempts()) {
      return new GiveUp("gave up after " + settings.maxReconnectAttempts() + " reconnect attempts (last close code "
          + code + ")", null);
    }
    long wait = backoff.apply(attempts);
    return new Retry(worked ? Math.min(wait, QUICK_RECONNECT_MS) : wait, attempts);
  }
}
