package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.mcp.ToolSpec;
import io.mmpipe.gateway.tools.ToolArgs;
import java.util.List;

/** {@code get_operation} and {@code cancel_operation}: an operation's state, and its cancellation, on any instance. */
public final class OperationTools {

  static final String ID_HINT = "export_channel_history answers with an operation_id";

  private OperationTools() {}

  public static List<McpTool> all(Operations operations) {
    return List.of(new GetOperation(operations), new CancelOperation(operations));
  }

  /** The state as a tool result: data while running or completed, an error result (with the state) otherwise. */
  static ToolResult result(OperationState s) {
    ObjectNode json = s.toJson();
    if (s.status().equals("running") || s.status().equals("completed")) {
      return ToolResult.data(json);
    }
    ArrayNode content = JsonRpc.JSON.createArrayNode();
    content.addObject().put("type", "text").put("text", "operation " + s.operationId() + " ended in "
        + s.status() + ": " + s.error());
    return new ToolResult(content, json, true);
  }

  static String operationId(ToolArgs a) {
    String id = a.string("operation_id");
    if (!Operations.wellFormed(id)) {
      throw new ToolArgs.BadArgument("operation_id must be 1 to 64 letters, digits, '-' or '_'; " + ID_HINT);
    }
    return id;
  }

  static ObjectNode stateSchema() {
    return JsonSchema.object().string("operation_id", "the operation").string("tool", "what runs")
        .oneOf("status", "running", "completed", "error", "cancelled").field("progress", "number")
        .required("operation_id", "status").build();
  }

  static final class GetOperation implements McpTool {
    private final Operations operations;

    GetOperation(Operations operations) {
      this.operations = operations;
    }

    @Override
    public ToolSpec spec() {
      return new ToolSpec("get_operation", "Read an operation",
          "Reads the state of a long-running operation (e.g. an export_channel_history) on any gateway instance: "
              + "status running / completed / error / cancelled, progress 0-1, message, result_uri (a resource to "
              + "read once completed), error.",
          JsonSchema.object().string("operation_id", "the operation").required("operation_id").closed().build(),
          stateSchema(), ToolSpec.readOnly());
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) {
      try {
        String id = operationId(new ToolArgs(arguments));
        return operations.lookup(id, call.principal()).map(OperationTools::result)
            .orElseGet(() -> ToolResult.error("no operation with id " + id + " (unknown, or older than the last "
                + operations.settings().keep() + " kept); " + ID_HINT));
      } catch (ToolArgs.BadArgument e) {
        return ToolResult.error(e.getMessage());
      } catch (OperationStore.Unavailable e) {
        return ToolResult.error(e.getMessage() + "; try again in a minute");
      }
    }
  }

  static final class CancelOperation implements McpTool {
    private final Operations operations;

    CancelOperation(Operations operations) {
      this.operations = operations;
    }

    @Override
    public ToolSpec spec() {
      ObjectNode annotations = JsonRpc.JSON.createObjectNode().put("readOnlyHint", false)
          .put("destructiveHint", false).put("idempotentHint", true).put("openWorldHint", false);
      return new ToolSpec("cancel_operation", "Cancel an operation",
          "Cancels a running operation wherever it runs; it ends in status cancelled with an error event carrying "
              + "the reason. Answers the state after the request (it may still read running for a moment).",
          JsonSchema.object().string("operation_id", "the operation")
              .string("reason", "why (optional, at most 200 characters)").required("operation_id").closed().build(),
          stateSchema(), annotations);
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) {
      try {
        ToolArgs a = new ToolArgs(arguments);
        String id = operationId(a);
        String reason = a.has("reason") ? "cancelled by client: " + a.text("reason", 200) : "cancelled by client";
        // another principal's operation is answered as an unknown one, and not cancelled
        boolean asked = operations.cancel(id, reason, call.principal());
        var state = operations.lookup(id, call.principal());
        if (state.isEmpty()) {
          return ToolResult.error("no operation with id " + id + " (unknown, or older than the last "
              + operations.settings().keep() + " kept); " + ID_HINT);
        }
        if (!asked && state.get().terminal()) {
          return ToolResult.error("operation " + id + " already ended in " + state.get().status());
        }
        ObjectNode out = state.get().toJson().put("cancel_requested", asked);
        return ToolResult.data(out);
      } catch (ToolArgs.BadArgument e) {
        return ToolResult.error(e.getMessage());
      } catch (OperationStore.Unavailable e) {
        return ToolResult.error(e.getMessage() + "; try again in a minute");
      }
    }
  }
}
