package io.mmpipe.gateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.InputRequest;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.McpPrompt;
import java.util.List;

/** The conformance suite's prompts. */
final class ConformancePrompts {

  private ConformancePrompts() {}

  @FunctionalInterface
  interface Body {
    ObjectNode get(Call call, ObjectNode args) throws InterruptedException;
  }

  static List<McpPrompt> all() {
    return List.of(
        prompt("test_simple_prompt", "A simple prompt", args(), (c, a) -> messages(
            text("This is a simple prompt for testing."))),
        prompt("test_prompt_with_arguments", "A prompt with two arguments", args("arg1", "arg2"), (c, a) -> messages(
            text("Prompt with arguments: arg1='" + required(a, "arg1") + "', arg2='" + required(a, "arg2") + "'"))),
        prompt("test_prompt_with_embedded_resource", "A prompt embedding a resource", args("resourceUri"),
            (c, a) -> messages(ConformanceTools.resource(required(a, "resourceUri"), "text/plain",
                "Embedded resource content for testing."), text("Please process the embedded resource above."))),
        prompt("test_prompt_with_image", "A prompt with an image", args(), (c, a) -> messages(
            JsonRpc.JSON.createObjectNode().put("type", "image").put("data", Media.PNG_BASE64)
                .put("mimeType", "image/png"), text("Please analyze the image above."))),
        prompt("test_input_required_result_prompt", "A prompt that asks the user for context", args(), (c, a) -> {
          ObjectNode r = c.input("user_context", InputRequest.elicit("What context should the prompt use?",
              Schemas.oneString("context")));
          return messages(text("Use this context: " + r.path("content").path("context").asText()));
        }));
  }

  private static String required(ObjectNode args, String name) {
    if (!args.path(name).isTextual()) {
      throw McpError.invalidParams("argument " + name + " is required");
    }
    return args.get(name).asText();
  }

  private static ArrayNode args(String... required) {
    ArrayNode a = JsonRpc.JSON.createArrayNode();
    for (String r : required) {
      a.addObject().put("name", r).put("description", "test argument " + r).put("required", true);
    }
    return a;
  }

  private static ObjectNode text(String text) {
    return JsonRpc.JSON.createObjectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode messages(ObjectNode... contents) {
    ObjectNode r = JsonRpc.JSON.createObjectNode();
    ArrayNode m = r.putArray("messages");
    for (ObjectNode c : contents) {
      m.addObject().put("role", "user").set("content", c);
    }
    return r;
  }

  private static McpPrompt prompt(String name, String description, ArrayNode arguments, Body body) {
    return new McpPrompt() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public ArrayNode arguments() {
        return arguments;
      }

      @Override
      public ObjectNode get(Call call, ObjectNode args) throws InterruptedException {
        return body.get(call, args);
      }
    };
  }
}
