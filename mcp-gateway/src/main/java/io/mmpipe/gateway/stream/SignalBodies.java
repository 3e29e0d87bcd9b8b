package io.mmpipe.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of the final and the gap signals, the same on every transport (SSE data, WebSocket message fields). */
public final class SignalBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SignalBodies() {}

  /** What an overflowed subscriber is told: why, and the token to reconnect with. */
  public static ObjectNode overflow(Subscription.Overflow o) {
    return JSON.createObjectNode().put("reason", "subscriber fell too far behind").put("resume_token", o.token());
  }

  /** What a subscriber whose position left the log is told: what was lost and where the stream goes on. */
  public static ObjectNode reset(Subscription.Reset r) {
    return r.gap().json(r.token());
  }
}
