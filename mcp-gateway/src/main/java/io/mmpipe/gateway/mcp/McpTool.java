package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool the gateway offers ({@code tools/list}, {@code tools/call}). A failure the model can act on (bad argument,
 * Mattermost refused) is a {@link ToolResult#error} result, not an exception; an {@link McpError} is for protocol
 * problems only. An unexpected exception becomes a generic {@code isError} result (and a log line).
 */
public interface McpTool {

  /** Name, description, schemas and annotations; read once, at registration. */
  ToolSpec spec();

  ToolResult call(Call call, ObjectNode arguments) throws InterruptedException;

  /**
   * For a tool with {@link ToolSpec#taskSupport()}: what runs in the request itself before the task is created (it
   * may gather client input with {@link Call#input}); its answer becomes the task's arguments. None by default.
   */
  default ObjectNode beforeTask(Call call, ObjectNode arguments) throws InterruptedException {
    return arguments;
  }
}
