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

/**
 * The tools the official conformance suite calls by name, with the content its scenarios expect
 * ({@code src/scenarios/server/*.ts} of {@code @modelcontextprotocol/conformance} 0.1.16 and 0.2.0-alpha.12).
 * Test code only: never part of the product's tool list.
 */
final class ConformanceTools {

  private ConformanceTools() {}

  /** What a fixture does, given the call and its arguments. */
  @FunctionalInterface
  interface Body {
    ToolResult run(Call call, ObjectNode args) throws InterruptedException;
  }

  static List<McpTool> all() {
    return List.of(
        tool("test_simple_text", "Returns a simple text", (c, a) -> text("This is a simple text response for testing.")),
        tool("test_image_content", "Returns an image", (c, a) -> content(image())),
        tool("test_audio_content", "Returns audio", (c, a) -> content(node().put("type", "audio")
            .put("data", Media.WAV_BASE64).put("mimeType", "audio/wav"))),
        tool("test_embedded_resource", "Returns an embedded resource", (c, a) -> content(resource(
            "test://embedded-resource", "text/plain", "This is an embedded resource content."))),
        tool("test_multiple_content_types", "Returns text, an image and a resource", (c, a) -> content(
            node().put("type", "text").put("text", "Multiple content types test:"), image(),
            resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))),
        tool("test_tool_with_logging", "Sends three log messages", ConformanceTools::logging),
        tool("test_logging_tool", "Sends a log message (only when the request set a log level)",
            (c, a) -> {
              c.log("info", "conformance", JsonRpc.JSON.getNodeFactory().textNode("logging tool ran"));
              return text("logged");
            }),
        tool("test_error_handling", "Always fails", (c, a) -> ToolResult.error(
            "This tool intentionally returns an error for testing")),
        tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100", ConformanceTools::progress),
        tool("test_sampling", "Asks the client's LLM", stringArg("prompt"), (c, a) -> {
          ObjectNode r = c.input("sample", InputRequest.sample(a.path("prompt").asText(), 100));
          return text("LLM response: " + r.path("content").path("text").asText(r.path("content").toString()));
        }),
        tool("test_elicitation", "Asks the user for a name and an email", stringArg("message"), (c, a) -> {
          ObjectNode r = c.input("user", InputRequest.elicit(a.path("message").asText(), Schemas.userAndEmail()));
          return text("User response: action=" + r.path("action").asText() + ", content=" + r.path("content"));
        }),
        tool("test_elicitation_sep1034_defaults", "Elicitation with defaults for every primitive type",
            (c, a) -> elicited(c, "Please review and update the form fields with defaults", Schemas.withDefaults())),
        tool("test_elicitation_sep1330_enums", "Elicitation with all five enum variants",
            (c, a) -> elicited(c, "Please select options from the enum fields", Schemas.enums())),
        tool("test_streaming_elicitation", "Needs the user's name (an input_required result)",
            (c, a) -> elicited(c, "What is your name?", Schemas.oneString("name"))),
        tool("test_missing_capability", "Needs the client's sampling capability", (c, a) -> {
          c.requireCapability("sampling");
          return text("the client declared sampling");
        }),
        tool("test_custom_headers", "Echoes an argument that is mirrored in header Mcp-Param-Region",
            Schemas.headerParam("region", "Region"), (c, a) -> text("region: " + a.path("region").asText())),
        new SpecTool(new ToolSpec("json_schema_2020_12_tool", null, "Tool with JSON Schema 2020-12 features",
            Schemas.draft2020(), null, ToolSpec.readOnly()), (c, a) -> text("ok")),
        tool("test_input_required_result_elicitation", "One elicitation round", (c, a) -> {
          ObjectNode r = c.input("user_name", InputRequest.elicit("What is your name?", Schemas.oneString("name")));
          return text("Hello, " + r.path("content").path("name").asText() + "!");
        }),
        tool("test_input_required_result_sampling", "One sampling round", (c, a) -> {
          ObjectNode r = c.input("capital_question", InputRequest.sample("What is the capital of France?", 100));
          return text(r.path("content").path("text").asText());
        }),
        tool("test_input_required_result_list_roots", "One roots/list round", (c, a) -> {
          ObjectNode r = c.input("client_roots", InputRequest.listRoots());
          return text("Roots: " + r.path("roots"));
        }),
        tool("test_input_required_result_request_state", "One round whose state is checked", (c, a) -> {
          c.input("confirm", InputRequest.elicit("Please confirm", Schemas.oneBoolean("ok")));
          return text(c.resumedWithState() ? "state-ok: the requestState was verified" : "no requestState came back");
        }),
        tool("test_input_required_result_tampered_state", "One round; a tampered state is refused", (c, a) -> {
          c.input("confirm", InputRequest.elicit("Please confirm", Schemas.oneBoolean("ok")));
          return text("confirmed");
        }),
        tool("test_input_required_result_multiple_inputs", "Elicitation, sampling and roots in one round", (c, a) -> {
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          asks.put("user_name", InputRequest.elicit("What is your name?", Schemas.oneString("name")));
          asks.put("greeting", InputRequest.sample("Generate a greeting", 50));
          asks.put("client_roots", InputRequest.listRoots());
          Map<String, ObjectNode> r = c.input(asks);
          return text(r.get("greeting").path("content").path("text").asText() + " "
              + r.get("user_name").path("content").path("name").asText());
        }),
        tool("test_input_required_result_multi_round", "Two elicitation rounds", (c, a) -> {
          ObjectNode name = c.input("step1", InputRequest.elicit("Step 1: What is your name?",
              Schemas.oneString("name")));
          ObjectNode color = c.input("step2", InputRequest.elicit("Step 2: What is your favorite color?",
              Schemas.oneString("color")));
          return text(name.path("content").path("name").asText() + " likes "
              + color.path("content").path("color").asText());
        }),
        tool("test_input_required_result_capabilities", "Asks only for what the client declared", (c, a) -> {
          Map<String, InputRequest> asks = new LinkedHashMap<>();
          if (c.clientSupports("sampling")) {
            asks.put("sample", InputRequest.sample("Say hello", 20));
          }
          if (c.clientSupports("elicitation")) {
            asks.put("user_name", InputRequest.elicit("What is your name?", Schemas.oneString("name")));
          }
          if (asks.isEmpty()) {
            return text("the client declared neither sampling nor elicitation");
          }
          return text("answers: " + c.input(asks).keySet());
        }));
  }

  private static ToolResult elicited(Call c, String message, ObjectNode schema) throws InterruptedException {
    ObjectNode r = c.input("form", InputRequest.elicit(message, schema));
    return text("Elicitation completed: action=" + r.path("action").asText() + ", content=" + r.path("content"));
  }

  private static ToolResult logging(Call c, ObjectNode a) throws InterruptedException {
    var f = JsonRpc.JSON.getNodeFactory();
    c.log("info", "conformance", f.textNode("Tool execution started"));
    Thread.sleep(50);
    c.log("info", "conformance", f.textNode("Tool processing data"));
    Thread.sleep(50);
    c.log("info", "conformance", f.textNode("Tool execution completed"));
    return text("Tool with logging executed successfully");
  }

  private static ToolResult progress(Call c, ObjectNode a) throws InterruptedException {
    c.progress(0, 100.0, null);
    Thread.sleep(50);
    c.progress(50, 100.0, null);
    Thread.sleep(50);
    c.progress(100, 100.0, null);
    return text("Tool with progress executed successfully");
  }

  private static ObjectNode node() {
    return JsonRpc.JSON.createObjectNode();
  }

  private static ObjectNode image() {
    return node().put("type", "image").put("data", Media.PNG_BASE64).put("mimeType", "image/png");
  }

  static ObjectNode resource(String uri, String mimeType, String text) {
    ObjectNode n = node().put("type", "resource");
    n.putObject("resource").put("uri", uri).put("mimeType", mimeType).put("text", text);
    return n;
  }

  private static ToolResult text(String text) {
    return content(node().put("type", "text").put("text", text));
  }

  private static ToolResult content(ObjectNode... blocks) {
    ArrayNode a = JsonRpc.JSON.createArrayNode();
    for (ObjectNode b : blocks) {
      a.add(b);
    }
    return new ToolResult(a, null, false);
  }

  private static ObjectNode stringArg(String name) {
    ObjectNode s = node().put("type", "object");
    s.putObject("properties").putObject(name).put("type", "string");
    s.putArray("required").add(name);
    return s;
  }

  private static McpTool tool(String name, String description, Body body) {
    ObjectNode empty = node().put("type", "object");
    empty.putObject("properties");
    return tool(name, description, empty, body);
  }

  private static McpTool tool(String name, String description, ObjectNode input, Body body) {
    ObjectNode annotations = node().put("readOnlyHint", true).put("openWorldHint", false);
    return new SpecTool(new ToolSpec(name, null, description, input, null, annotations), body);
  }

  private record SpecTool(ToolSpec spec, Body body) implements McpTool {
    @Override
    public ToolResult call(Call call, ObjectNode arguments) throws InterruptedException {
      return body.run(call, arguments);
    }
  }
}
