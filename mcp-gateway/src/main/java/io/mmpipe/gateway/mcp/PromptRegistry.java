package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The prompts served; answers {@code prompts/list} and {@code prompts/get}. */
public final class PromptRegistry {

  private final Map<String, McpPrompt> prompts = new LinkedHashMap<>();

  public PromptRegistry register(McpPrompt prompt) {
    if (prompts.putIfAbsent(prompt.name(), prompt) != null) {
      throw new IllegalArgumentException("prompt " + prompt.name() + " is registered twice");
    }
    return this;
  }

  void install(MethodRegistry methods, int pageSize) {
    methods.add("prompts/list", MethodRegistry.BOTH, new MethodRegistry.Caching(60_000, "public"),
        (call, params) -> Pages.page("prompts", descriptors(), params, pageSize));
    methods.add("prompts/get", MethodRegistry.BOTH, (call, params) -> {
      String name = params.path("name").isTextual() ? params.get("name").asText() : null;
      McpPrompt p = name == null ? null : prompts.get(name);
      if (p == null) {
        throw McpError.invalidParams(name == null ? "prompts/get needs params.name" : "unknown prompt: " + name);
      }
      var args = params.get("arguments");
      if (args != null && !args.isNull() && !args.isObject()) {
        throw McpError.invalidParams("arguments must be an object");
      }
      return p.get(call, args instanceof ObjectNode o ? o : JsonRpc.JSON.createObjectNode());
    });
  }

  /** Suggestions for an argument of a prompt. @throws McpError -32602 for an unknown prompt */
  List<String> complete(String name, String argument, String prefix, Call call) {
    McpPrompt p = prompts.get(name);
    if (p == null) {
      throw McpError.invalidParams("unknown prompt: " + name);
    }
    return p.complete(argument, prefix, call);
  }

  private List<ObjectNode> descriptors() {
    List<ObjectNode> out = new ArrayList<>();
    for (McpPrompt p : prompts.values()) {
      ObjectNode n = JsonRpc.JSON.createObjectNode().put("name", p.name()).put("description", p.description());
      n.set("arguments", p.arguments());
      out.add(n);
    }
    return out;
  }
}
