package io.mmpipe.ingestor.websocket;

/** Everything the stream's single control thread reacts to, in arrival order. */
sealed interface Signal {
  record Connect() implements Signal {}

  record Opened(long gen) implements Signal {}

  record Frame(long gen, String text, long observedAt) implements Signal {}

  record Closed(long gen, int code, String reason, boolean remote) implements Signal {}

  record Tick() implements Signal {}

  record HelloTimeout(long gen) implements Signal {}

  /** Some handed-on event was acknowledged or failed; coalesced, so one signal may stand for many. */
  record Acked() implements Signal {}

  record Stop() implements Signal {}
}
