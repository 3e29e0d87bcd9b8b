package io.mmpipe.ingestor.websocket;

import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;

/**
 * @param baseUrl              the Mattermost site URL (http or https)
 * @param helloTimeout         no hello within this after connecting fresh = probably a bad token
 * @param pingInterval         how often the {@code ping} action goes out; no reply by the next tick = dead socket
 * @param autoReconnect        reconnect after a drop
 * @param reconnectDelay       base of the exponential backoff
 * @param maxReconnectDelay    cap of the backoff
 * @param maxReconnectAttempts consecutive failed attempts before giving up; 0 = never give up
 */
public record StreamSettings(URI baseUrl, Secret token, Duration helloTimeout, Duration pingInterval,
                             boolean autoReconnect, Duration reconnectDelay, Duration maxReconnectDelay,
                             int maxReconnectAttempts) {

  /** The WebSocket endpoint, with the resume parameters when we have a connection to resume. */
  URI endpoint(String connectionId, long nextSeq) {
    String s = baseUrl.toString();
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    s = s.replaceFirst("^http", "ws") + "/api/v4/websocket";
    if (connectionId != null) {
      // sequence_number is mandatory with connection_id: the first seq we have NOT seen
      s += "?connection_id=" + connectionId + "&sequence_number=" + nextSeq;
    }
    return URI.create(s);
  }

  /** The wait before reconnect attempt {@code attempt} (1-based), without jitter. */
  Duration backoff(int attempt) {
    long base = Math.max(1, reconnectDelay.toMillis());
    long ms = base << Math.min(Math.max(attempt - 1, 0), 20);
    return Duration.ofMillis(Math.min(ms, maxReconnectDelay.toMillis()));
  }
}
