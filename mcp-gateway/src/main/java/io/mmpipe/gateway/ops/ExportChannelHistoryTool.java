package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mmpipe.gateway.mattermost.FailureText;
import io.mmpipe.gateway.mattermost.MattermostAccess;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.mcp.ToolSpec;
import io.mmpipe.gateway.security.ScopeGuard;
import io.mmpipe.gateway.tools.ToolArgs;
import io.mmpipe.mattermost.rest.MattermostApiException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code export_channel_history}: a channel's whole history as an operation (see {@link ChannelExport}) whose result
 * becomes the resource {@code mmpipe://operations/<id>/result}.
 *
 * <p>How the call relates to the operation. A plain call answers at once with the operation's state (running, with
 * its id); the client follows it with {@code get_operation} (any instance) or the WebSocket. A call that sent a
 * {@code progressToken} is followed: it stays open, relays the operation's progress as
 * {@code notifications/progress}, and answers with the final state; {@code notifications/cancelled} for it cancels
 * the operation ("cancelled by client"). A client that negotiated the Tasks extension gets an MCP task
 * ({@code taskSupport: optional}) whose body follows the operation the same way: {@code tasks/get} works on any
 * instance through the existing task store, and {@code tasks/cancel} interrupts the task, which cancels the
 * operation. The operation, not the task, is the unit the WebSocket and dashboard see: a task is an MCP-only
 * envelope around one request, while an operation outlives its request and has events for every channel.
 */
public final class ExportChannelHistoryTool implements McpTool {

  public static final String NAME = "export_channel_history";
  /** Set by {@link #beforeTask}: the call runs as an MCP task, so it follows the operation to its end. */
  private static final String IN_TASK = "__in_task";
  private static final Duration POLL = Duration.ofMillis(200);
  private final MattermostReads reads;
  private final Operations operations;

  public ExportChannelHistoryTool(MattermostReads reads, Operations operations) {
    this.reads = reads;
    this.operations = operations;
  }

  @Override
  public ToolSpec spec() {
    return new ToolSpec(NAME, "Export a channel's history",
        "Exports every post of a channel (replies included, oldest first) as JSON Lines, read page by page from "
            + "Mattermost within its rate limits. Runs as an operation: answers at once with operation_id and "
            + "status running (or, when the call carries a progressToken, reports progress and answers when done); "
            + "read the result from result_uri (mmpipe://operations/<id>/result) once get_operation says completed. "
            + "since (ms since 1970) keeps posts created at or after it; limit keeps the newest limit posts.",
        JsonSchema.object().string("channel_id", "the channel").field("since", "integer")
            .integer("limit", 1, 1_000_000, 1_000_000).required("channel_id").build(),
        OperationTools.stateSchema(),
        ToolSpec.readOnly(), "optional");
  }

  @Override
  public ObjectNode beforeTask(Call call, ObjectNode arguments) {
    return arguments.deepCopy().put(IN_TASK, true);
  }

  @Override
  public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
    ToolArgs a = new ToolArgs(arguments);
    String channelId;
    Long since;
    int limit;
    try {
      channelId = a.id("channel_id", "list_channels gives channel ids");
      since = a.optionalMillis("since");
      limit = a.integer("limit", 1, 1_000_000, 1_000_000);
    } catch (ToolArgs.BadArgument e) {
      return ToolResult.error(e.getMessage());
    }
    // the gateway's token reads for an API token holder: its scope is checked here, as for every Mattermost tool
    String refusal = ScopeGuard.toolRefusal(call.principal(), NAME, arguments);
    if (refusal != null) {
      return ToolResult.error(refusal);
    }
    MattermostAccess.Identity who = reads.access().of(call.principal());
    JsonNode channel;
    try {
      channel = reads.channel(who, channelId); // an unknown channel fails here, before any operation exists
    } catch (MattermostApiException e) {
      return ToolResult.error(FailureText.describe(e, "no channel with id " + channelId, "read this channel"));
    } catch (CallNotPermittedException e) {
      // the client's breaker is open after repeated refusals: a clear error, as when an export's page read meets it
      return ToolResult.error(ChannelExport.breakerOpen("channel " + channelId));
    }
    ChannelExport work = new ChannelExport(who.client(), channelId, since, limit,
        channel.path("total_msg_count").asLong(0), operations.settings().maxResultBytes());
    boolean follow = call.progressToken() != null || a.bool(IN_TASK, false);
    Consumer<OperationEvent> relay = follow ? e -> relay(call, e) : null;
    Operation op;
    try {
      op = operations.start(NAME, "exporting channel " + channelId, call.principal(), channelId, work, relay);
    } catch (IllegalStateException e) {
      return ToolResult.error(e.getMessage());
    }
    if (!follow) {
      return OperationTools.result(op.state());
    }
    try {
      while (!op.awaitEnd(POLL)) {
        if (call.cancelled().getAsBoolean()) {
          operations.cancel(op.id(), "cancelled by client");
        }
      }
    } catch (InterruptedException e) {
      operations.cancel(op.id(), "cancelled by client");
      throw e;
    }
    return OperationTools.result(op.state());
  }

  private static void relay(Call call, OperationEvent e) {
    if (e.eventType().equals("progress")) {
      call.progress(e.data().path("progress").asDouble(), 1.0, e.data().path("message").asText(null));
    }
  }
}
