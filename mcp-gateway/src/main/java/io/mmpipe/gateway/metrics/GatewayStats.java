package io.mmpipe.gateway.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;

/**
 * The gateway's live figures as one JSON object: what {@code GET /v1/stats} serves and the WebSocket's
 * {@code get_stats} command answers, so the two never differ.
 *
 * @param head the sequence number of the next update the fan-out will append (how many it has taken in)
 * @param lag  the fan-out consumer's lag in records (-1 when unknown)
 */
public record GatewayStats(String instanceId, GatewayMetrics metrics, LongSupplier head, LongSupplier lag) {

  /** {@code {"instance_id","clients":{"sse","websocket","mcp"},"subscribers","ring_head","consumer_lag"}}. */
  public ObjectNode json() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("instance_id", instanceId);
    out.set("clients", metrics.clients().json());
    out.put("subscribers", metrics.subscribers());
    out.put("ring_head", head.getAsLong());
    out.put("consumer_lag", lag.getAsLong());
    return out;
  }
}
