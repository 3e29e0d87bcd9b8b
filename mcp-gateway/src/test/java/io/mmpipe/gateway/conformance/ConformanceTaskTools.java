package io.mmpipe.gateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.InputRequest;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.mcp.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Tasks-extension fixtures (SEP-2663 scenarios of conformance 0.2.0-alpha.12). */
final class ConformanceTaskTools {

  private ConformanceTaskTools() {}

  @FunctionalInterface
  interface Body {
    ToolResult run(Call call, ObjectNode args) throws InterruptedException;
  }

  static List<McpTool> all() {
    return List.of(
        tool("greet", null, "Greets by name (never a task)", props("name", "string"), (c, a) ->
            text("Hello, " + a.path("name").asText("World") + "!")),
        tool("slow_compute", "optional", "Sleeps `seconds` seconds, then answers (a task)",
            props("seconds", "number"), (c, a) -> {
              Thread.sleep((long) (a.path("seconds").asDouble(1) * 1000));
              return text("computed after " + a.path("seconds").asDouble(1) + " s");
            }),
        tool("failing_job", "required", "Fails as a tool after about a second (a task, required)", props(),
            (c, a) -> {
              Thread.sleep(1000);
              return ToolResult.error("failing_job failed, as it always does");
            }),
        tool("protocol_error_job", "optional", "Fails with a protocol error (a task)", props(), (c, a) -> {
          throw new IllegalStateException("protocol_error_job always breaks");
        }),
        tool("confirm_delete", "optional", "Asks the user to confirm, then answers (a task)",
            props("filename", "string"), (c, a) -> {
              ObjectNode r = c.input("confirm", InputRequest.elicit("Delete " + a.path("filename").asText() + "?",
                  Schemas.oneBoolean("confirm")));
              return text("confirm_delete: " + r.path("action").asText() + " " + r.path("content"));
            }),
        tool("multi_input", "optional", "Asks two questions at once (a task)", props(), (c, a) -> {
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          asks.put("name", InputRequest.elicit("Your name?", Schemas.oneString("name")));
          asks.put("confirm", InputRequest.elicit("Confirm?", Schemas.oneBoolean("confirm")));
          return text("multi_input answers: " + c.input(asks).keySet());
        }),
        new TaskTool(spec("test_tool_with_task", "required", "Asks the user's name, then continues as a task",
            props()), (c, a) -> text("Hello from the task, " + a.path("user_name").asText() + "!")) {
          @Override
          public ObjectNode beforeTask(Call call, ObjectNode arguments) throws InterruptedException {
            ObjectNode r = call.input("user_name", InputRequest.elicit("What is your name?",
                Schemas.oneString("name")));
            return arguments.deepCopy().put("user_name", r.path("content").path("name").asText());
          }
        });
  }

  private static ObjectNode props(String... nameAndType) {
    ObjectNode s = JsonRpc.JSON.createObjectNode().put("type", "object");
    ObjectNode p = s.putObject("properties");
    for (int i = 0; i + 1 < nameAndType.length; i += 2) {
      p.putObject(nameAndType[i]).put("type", nameAndType[i + 1]);
    }
    return s;
  }

  private static ToolResult text(String text) {
    ArrayNode a = JsonRpc.JSON.createArrayNode();
    a.addObject().put("type", "text").put("text", text);
    return new ToolResult(a, null, false);
  }

  private static ToolSpec spec(String name, String taskSupport, String description, ObjectNode input) {
    ObjectNode annotations = JsonRpc.JSON.createObjectNode().put("readOnlyHint", true).put("openWorldHint", false);
    return new ToolSpec(name, null, description, input, null, annotations, taskSupport);
  }

  private static McpTool tool(String name, String taskSupport, String description, ObjectNode input, Body body) {
    return new TaskTool(spec(name, taskSupport, description, input), body);
  }

  private static class TaskTool implements McpTool {
    private final ToolSpec spec;
    private final Body body;

    TaskTool(ToolSpec spec, Body body) {
      this.spec = spec;
      this.body = body;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
      return body.run(call, arguments);
    }
  }
}
