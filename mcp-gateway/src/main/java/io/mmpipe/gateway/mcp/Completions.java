package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code completion/complete}: suggestions for a resource template's or a prompt's argument, asked of whoever
 * registered it ({@link ResourceProvider#complete}, {@link McpPrompt#complete}). At most 100 values, as the
 * specification allows, with {@code total} and {@code hasMore}.
 */
final class Completions {

  static final int MAX_VALUES = 100;

  private Completions() {}

  static void install(MethodRegistry methods, ResourceRegistry resources, PromptRegistry prompts) {
    methods.add("completion/complete", MethodRegistry.BOTH, (call, params) -> {
      JsonNode ref = params.get("ref");
      JsonNode argument = params.get("argument");
      if (ref == null || !ref.isObject() || argument == null || !argument.isObject()
          || !argument.path("name").isTextual()) {
        throw McpError.invalidParams("completion/complete needs ref and argument {name, value}");
      }
      String name = argument.get("name").asText();
      String prefix = argument.path("value").asText("");
      List<String> values = switch (ref.path("type").asText()) {
        case "ref/resource" -> resources.complete(text(ref, "uri"), name, prefix, call);
        case "ref/prompt" -> prompts.complete(text(ref, "name"), name, prefix, call);
        default -> throw McpError.invalidParams("ref.type must be ref/resource or ref/prompt");
      };
      List<String> distinct = values.stream().distinct().toList();
      ObjectNode out = JsonRpc.JSON.createObjectNode();
      ObjectNode completion = out.putObject("completion");
      ArrayNode list = completion.putArray("values");
      distinct.stream().limit(MAX_VALUES).forEach(list::add);
      completion.put("total", distinct.size()).put("hasMore", distinct.size() > MAX_VALUES);
      return out;
    });
  }

  private static String text(JsonNode ref, String field) {
    if (!ref.path(field).isTextual()) {
      throw McpError.invalidParams("ref." + field + " is required");
    }
    return ref.get(field).asText();
  }
}
