package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.health.HealthService;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.stream.UpdateFanOut;
import java.util.function.Supplier;

/**
 * {@code pipeline_status}: what this gateway knows about the pipeline: overall health and each component's, the
 * fan-out consumer's lag, updates consumed and the consumption rate since the previous call, and its subscribers.
 */
public final class PipelineStatusTool implements McpTool {

  private final String instanceId;
  private final HealthService health;
  private final Supplier<UpdateFanOut.Status> fanOut;
  private final GatewayMetrics metrics;
  private final long startedNanos = System.nanoTime();
  private long lastNanos = startedNanos;
  private long lastConsumed;

  public PipelineStatusTool(String instanceId, HealthService health, Supplier<UpdateFanOut.Status> fanOut,
                            GatewayMetrics metrics) {
    this.instanceId = instanceId;
    this.health = health;
    this.fanOut = fanOut;
    this.metrics = metrics;
  }

  @Override
  public ToolSpec spec() {
    JsonSchema fanout = JsonSchema.object().field("partitions", "integer").field("lag", "integer")
        .field("consumed", "integer").field("updates_per_second", "number").field("rate_window_seconds", "number");
    return new ToolSpec("pipeline_status", "Pipeline status",
        "Health of the mmpipe pipeline as this gateway sees it: overall status (UP, DEGRADED, DOWN), Kafka, "
            + "Redis and Mattermost component states, the update consumer's lag in records, updates consumed and "
            + "the rate since the previous call, and how many subscribers are served. Use it to judge whether live "
            + "data is current before relying on it.",
        JsonSchema.object().closed().build(),
        JsonSchema.object().field("instance_id", "string").oneOf("status", "UP", "DEGRADED", "DOWN")
            .field("components", "object").nested("fanout", fanout).field("subscribers", "integer")
            .field("updates_delivered", "number").field("uptime_seconds", "number")
            .required("instance_id", "status", "components", "fanout").build(),
        ToolSpec.readOnly());
  }

  @Override
  public ToolResult call(Call call, ObjectNode arguments) {
    HealthService.Report report = health.check();
    UpdateFanOut.Status s = fanOut.get();
    ObjectNode out = JsonRpc.JSON.createObjectNode().put("instance_id", instanceId).put("status", report.status());
    out.set("components", JsonRpc.JSON.valueToTree(report.components()));
    ObjectNode f = out.putObject("fanout").put("partitions", s.partitions()).put("lag", s.lag())
        .put("consumed", s.consumed());
    long now = System.nanoTime();
    double window;
    long delta;
    synchronized (this) {
      window = Math.max(1e-3, (now - lastNanos) / 1e9);
      delta = s.consumed() - lastConsumed;
      lastNanos = now;
      lastConsumed = s.consumed();
    }
    f.put("updates_per_second", Math.round(delta / window * 100) / 100.0).put("rate_window_seconds",
        Math.round(window * 10) / 10.0);
    if (s.error() != null) {
      f.put("error", s.error());
    }
    out.put("subscribers", metrics.subscribers()).put("updates_delivered", metrics.deliveredCount())
        .put("uptime_seconds", Math.round((now - startedNanos) / 1e8) / 10.0);
    return ToolResult.data(out);
  }
}
