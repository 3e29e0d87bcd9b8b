package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mmpipe.gateway.stream.SignalBodies;
import io.mmpipe.gateway.stream.Subscription;

/** The messages the server sends on {@code /ws}, one JSON object per text frame, keyed by {@code event_type}. */
final class WsMessages {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private WsMessages() {}

  static ObjectNode connected(String clientId, long now) {
    return F.objectNode().put("event_type", "connected").put("client_id", clientId).put("timestamp", now);
  }

  /** A {@code status} answer to a command, echoing its id when it had one. */
  static ObjectNode status(JsonNode id, String status) {
    ObjectNode out = F.objectNode().put("event_type", "status");
    if (id != null) {
      out.set("id", id);
    }
    return out.put("status", status);
  }

  static ObjectNode error(JsonNode id, String errorType, String message) {
    ObjectNode out = F.objectNode().put("event_type", "error");
    if (id != null) {
      out.set("id", id);
    }
    return out.put("error", message).put("error_type", errorType);
  }

  /** An update, its JSON embedded as the stream decoded it (the same bytes SSE sends as data). */
  static ObjectNode update(String subscriptionId, Subscription.Deliver d) {
    ObjectNode out = F.objectNode().put("event_type", "update").put("subscription_id", subscriptionId)
        .put("resume_token", d.token());
    out.putRawValue("update", new RawValue(d.event().json()));
    return out;
  }

  static ObjectNode reset(String subscriptionId, Subscription.Reset r) {
    ObjectNode out = F.objectNode().put("event_type", "reset").put("subscription_id", subscriptionId);
    out.setAll(SignalBodies.reset(r));
    return out;
  }

  static ObjectNode overflow(String subscriptionId, Subscription.Overflow o) {
    ObjectNode out = F.objectNode().put("event_type", "overflow").put("subscription_id", subscriptionId);
    out.setAll(SignalBodies.overflow(o));
    return out;
  }
}
