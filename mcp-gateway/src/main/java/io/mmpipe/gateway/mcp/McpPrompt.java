package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A prompt template ({@code prompts/list}, {@code prompts/get}). */
public interface McpPrompt {

  String name();

  String description();

  /** {@code [{name, description, required}]}. */
  ArrayNode arguments();

  /**
   * The prompt filled in: {@code {description?, messages:[{role, content}]}}.
   *
   * @throws McpError -32602 for missing or invalid arguments
   */
  ObjectNode get(Call call, ObjectNode arguments) throws InterruptedException;

  /** Values for {@code argument} that start with {@code prefix} ({@code completion/complete}); none by default. */
  default java.util.List<String> complete(String argument, String prefix, Call call) {
    return java.util.List.of();
  }
}
