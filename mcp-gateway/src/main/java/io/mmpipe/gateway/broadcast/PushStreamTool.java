package io.mmpipe.gateway.broadcast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.mcp.ToolSpec;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.schemas.avro.Broadcast;

/**
 * {@code push_stream} (WebstreamMCP's tool, made durable): the arguments of {@code POST /v1/broadcasts}, the same
 * validation, written to {@code mm.broadcasts} and answered once Kafka acknowledged it. Bad arguments and Kafka being
 * unavailable are {@code isError} results the model can act on.
 */
public final class PushStreamTool implements McpTool {

  public static final String NAME = "push_stream";
  private final BroadcastPublisher publisher;

  public PushStreamTool(BroadcastPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public ToolSpec spec() {
    return new ToolSpec(NAME, "Push a broadcast",
        "Broadcast a message to every listener of " + StreamDirectory.BROADCASTS + " (dashboards, SSE, WebSocket "
            + "and MCP subscribers of every gateway instance). type is info, warning or error; text is the message "
            + "(at most " + BroadcastMessage.MAX_TEXT_BYTES + " bytes); data is an optional JSON object (at most "
            + BroadcastMessage.MAX_DATA_BYTES + " bytes). Returns the broadcast_id once it is stored durably.",
        JsonSchema.object().oneOf("type", BroadcastMessage.TYPES.toArray(String[]::new))
            .string("text", "The message to broadcast").field("data", "object").required("type", "text").closed()
            .build(),
        JsonSchema.object().field("broadcast_id", "string").field("resource_uri", "string")
            .required("broadcast_id").build(),
        JsonRpc.JSON.createObjectNode().put("readOnlyHint", false).put("destructiveHint", false)
            .put("idempotentHint", false).put("openWorldHint", false));
  }

  @Override
  public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
    if (!call.principal().maySendBroadcasts()) {
      return ToolResult.error("push_stream: " + call.principal().name() + " may read broadcasts but not send them: "
          + "only an API token with every channel (or anonymous on loopback) may");
    }
    BroadcastMessage message;
    try {
      message = BroadcastMessage.of(arguments);
    } catch (BroadcastMessage.Invalid e) {
      return ToolResult.error(e.code() + ": " + e.getMessage());
    }
    try {
      Broadcast b = publisher.publish(message, call.principal().name());
      return ToolResult.data(JsonRpc.JSON.createObjectNode().put("broadcast_id", b.getBroadcastId())
          .put("resource_uri", StreamDirectory.BROADCASTS));
    } catch (BroadcastPublisher.Unavailable e) {
      return ToolResult.error(e.getMessage() + "; it was not sent, retry later");
    }
  }
}
