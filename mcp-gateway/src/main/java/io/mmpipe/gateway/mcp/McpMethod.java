package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One JSON-RPC method: params in, result object out, or an {@link McpError}. */
@FunctionalInterface
public interface McpMethod {

  ObjectNode call(Call call, ObjectNode params) throws InterruptedException;
}
