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

  /**
   * An update, its JSON embedded as the stream decoded it (the same bytes SSE sends as data). Written by hand, the
   * text Jackson writes for the object {@code event_type, subscription_id, resume_token, update}: it is framed once
   * per subscriber per update, and a JSON tree per delivery was the larger part of sending one.
   */
  static String update(String subscriptionId, Subscription.Deliver d) {
    String json = d.event().json().text();
    return new StringBuilder(96 + json.length()).append("{\"event_type\":\"update\",\"subscription_id\":")
        .append(quoted(subscriptionId)).append(",\"resume_token\":").append(quoted(d.token()))
        .append(",\"update\":").append(json).append('}').toString();
  }

  /** A JSON string: as is when nothing in it needs escaping (ids and base64url tokens), else escaped by Jackson. */
  private static String quoted(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        return F.textNode(s).toString();
      }
    }
    return '"' + s + '"';
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
