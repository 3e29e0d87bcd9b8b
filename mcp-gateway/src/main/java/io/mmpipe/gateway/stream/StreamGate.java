package io.mmpipe.gateway.stream;

import java.util.Optional;

/**
 * Whether a new subscriber can be served now, decided once for every transport: SSE answers a refusal with 503 and
 * Retry-After, the WebSocket with an {@code error} message of the same code.
 */
public final class StreamGate {

  /** Why not, and when to try again. */
  public record Refusal(String code, String message, int retryAfterSeconds) {}

  private StreamGate() {}

  public static Optional<Refusal> check(UpdateStreams streams) {
    if (!streams.ready()) {
      return Optional.of(new Refusal("not_ready", "the update stream is starting", 2));
    }
    if (!streams.live()) {
      // the fan-out consumer is being replaced: a new subscriber would hear nothing until it is back
      return Optional.of(new Refusal("stream_unavailable", "the update stream cannot read Kafka right now; "
          + "retry later (with the last resume token to resume without loss)", 5));
    }
    return Optional.empty();
  }
}
