package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tools served, in registration order; answers {@code tools/list} and {@code tools/call}. */
public final class ToolRegistry {

  private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);
  private final Map<String, McpTool> tools = new LinkedHashMap<>();
  private final List<ObjectNode> descriptors = new ArrayList<>();
  private final Map<String, Map<String, String>> headerParams = new LinkedHashMap<>();
  private Tasks tasks;

  public synchronized ToolRegistry register(McpTool tool) {
    return register(tool, true);
  }

  /**
   * A tool that answers {@code tools/call} but is not in {@code tools/list} (a write tool while writes are off: a
   * client that calls it anyway learns why it refuses, instead of "unknown tool").
   */
  public synchronized ToolRegistry registerUnlisted(McpTool tool) {
    return register(tool, false);
  }

  private ToolRegistry register(McpTool tool, boolean listed) {
    ToolSpec spec = tool.spec();
    if (tools.putIfAbsent(spec.name(), tool) != null) {
      throw new IllegalArgumentException("tool " + spec.name() + " is registered twice");
    }
    if (listed) {
      descriptors.add(spec.toJson());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    spec.inputSchema().path("properties").properties().forEach(p -> {
      if (p.getValue().path("x-mcp-header").isTextual()) {
        headers.put(p.getKey(), p.getValue().get("x-mcp-header").asText());
      }
    });
    headerParams.put(spec.name(), Map.copyOf(headers));
    return this;
  }

  /** The arguments of {@code tool} mirrored in {@code Mcp-Param-*} headers (SEP-2243), by argument name. */
  synchronized Map<String, String> headerParams(String tool) {
    return headerParams.getOrDefault(tool, Map.of());
  }

  void install(MethodRegistry methods, int pageSize, Tasks tasks) {
    this.tasks = tasks;
    methods.add("tools/list", MethodRegistry.BOTH, new MethodRegistry.Caching(60_000, "public"),
        (call, params) -> Pages.page("tools", descriptors(), params, pageSize));
    methods.add("tools/call", MethodRegistry.BOTH, this::call);
  }

  synchronized List<ObjectNode> descriptors() {
    return List.copyOf(descriptors);
  }

  private ObjectNode call(Call call, ObjectNode params) throws InterruptedException {
    String name = params.path("name").isTextual() ? params.get("name").asText() : null;
    if (name == null) {
      throw McpError.invalidParams("tools/call needs params.name");
    }
    McpTool tool;
    synchronized (this) {
      tool = tools.get(name);
    }
    if (tool == null) {
      throw new McpError(JsonRpc.INVALID_PARAMS, "unknown tool: " + name,
          JsonRpc.JSON.createObjectNode().put("name", name), 200);
    }
    JsonNode args = params.get("arguments");
    if (args != null && !args.isNull() && !args.isObject()) {
      throw McpError.invalidParams("arguments must be an object");
    }
    ObjectNode a = args instanceof ObjectNode o ? o : JsonRpc.JSON.createObjectNode();
    String taskSupport = tool.spec().taskSupport();
    if (taskSupport != null && Tasks.negotiated(call)) {
      return tasks.start(call, tool, tool.beforeTask(call, a));
    }
    if ("required".equals(taskSupport)) {
      throw Tasks.extensionRequired();
    }
    try {
      return tool.call(call, a).toJson();
    } catch (McpError | InputRequired | InterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("tool {} failed", name, e);
      return ToolResult.error("the tool " + name + " failed unexpectedly; try again later").toJson();
    }
  }
}
