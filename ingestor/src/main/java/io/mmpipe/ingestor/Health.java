package io.mmpipe.ingestor;

import java.time.Instant;

/**
 * The ingestor's health.
 *
 * @param status         UP, DEGRADED (one source down, or producer/poll errors) or DOWN (no source works)
 * @param websocket      the WebSocket state (CONNECTED, RECONNECTING, FAILED, ...) or DISABLED
 * @param channels       channels watched
 * @param lastPoll       end of the last poll pass, null if none yet or polling is off
 * @param lastError      the most recent problem, null if none
 * @param producerErrors records Kafka refused since start
 * @param deadLetters    frames sent to the dead-letter topic since start
 */
public record Health(Status status, String websocket, int channels, Instant lastPoll, String lastError,
                     long producerErrors, long deadLetters) {

  public enum Status { UP, DEGRADED, DOWN }

  /** As JSON for /health. */
  public String toJson() {
    return "{\"status\":\"" + status + "\",\"websocket\":\"" + websocket + "\",\"channels\":" + channels
        + ",\"last_poll\":" + (lastPoll == null ? "null" : "\"" + lastPoll + "\"")
        + ",\"last_error\":" + (lastError == null ? "null" : quote(lastError))
        + ",\"producer_errors\":" + producerErrors + ",\"dead_letters\":" + deadLetters + "}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
