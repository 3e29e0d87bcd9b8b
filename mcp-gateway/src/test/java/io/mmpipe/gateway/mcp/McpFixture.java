package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.health.HealthService;
import io.mmpipe.gateway.mcp.session.MemorySessionStore;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.CatchUpSource;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateFanOut;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code /mcp} over an in-memory ring and session store, with a small page size and body limit. */
final class McpFixture {

  static final String TOPIC = "u.mm.updates";
  static final int MAX_BODY = 4096;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final UpdateRing ring = new UpdateRing(100);
  final GatewayMetrics metrics = new GatewayMetrics("test");
  final MemorySessionStore sessions = new MemorySessionStore(Duration.ofMinutes(5), 100, Clock.systemUTC());
  final McpRoutes routes;
  private long[] offsets = new long[2];

  McpFixture(int maxStreams) {
    this(maxStreams, null);
  }

  /** @param stateKey the requestState key (null: a random one, with the warning) */
  McpFixture(int maxStreams, byte[] stateKey) {
    this(maxStreams, stateKey, PrincipalResolver.anonymous());
  }

  /** @param principals who each request is (anonymous in the other fixtures) */
  McpFixture(int maxStreams, byte[] stateKey, PrincipalResolver principals) {
    ring.init(new long[2]);
    CatchUpSource none = positions -> {
      throw new AssertionError("the ring covers every token in these tests");
    };
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 50, none);
    McpSettings settings = new McpSettings(MAX_BODY, 3, 50, Duration.ofMillis(300), Duration.ofSeconds(2),
        Duration.ofMillis(200), maxStreams, 4, Duration.ofSeconds(5), "gw-test", "0.1.0-test", stateKey,
        Duration.ofSeconds(20));
    routes = new McpRoutes(settings, streams, sessions, principals, metrics);
    UpdateFanOut.Status status = new UpdateFanOut.Status(2, System.currentTimeMillis(), 0, 7, null);
    routes.tools().register(new PipelineStatusTool("gw-test", new HealthService(() -> status, null, null),
        () -> status, metrics)).register(new WaitForUpdatesTool(streams, 4, Duration.ofSeconds(5)));
    routes.resources().register(new MattermostResources(new RecentUpdates(ring, TOPIC, null), 50));
    routes.tools().register(new ChattyTool());
  }

  /** A test-only tool that reports progress and logs before it answers. */
  static final class ChattyTool implements McpTool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec("test_chatty", null, "reports progress twice and logs once, then answers",
          JsonSchema.object().build(), null, ToolSpec.readOnly());
    }

    @Override
    public ToolResult call(Call call, ObjectNode arguments) {
      call.progress(1, 2.0, "half way");
      call.log("info", "chatty", JsonRpc.JSON.getNodeFactory().textNode("working"));
      call.progress(2, 2.0, null);
      return ToolResult.data(JsonRpc.JSON.createObjectNode().put("done", true));
    }
  }

  /** The JSON messages in an SSE body (each event's data lines joined). */
  static List<JsonNode> sseMessages(String body) {
    List<JsonNode> out = new java.util.ArrayList<>();
    StringBuilder data = new StringBuilder();
    for (String line : (body + "\n\n").split("\n", -1)) {
      if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      } else if (line.isEmpty() && !data.isEmpty()) {
        out.add(json(data.toString()));
        data.setLength(0);
      }
    }
    return out;
  }

  Javalin app() {
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(routes));
  }

  synchronized void append(int partition, ResourceUpdate u) {
    ring.append(List.of(new UpdateEvent(-1, partition, offsets[partition]++, u, UpdateJson.of(u))));
  }

  /** A POST to /mcp with the given headers. */
  static HttpResponse<String> post(int port, String body, Map<String, String> headers) throws IOException,
      InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Initializes a legacy session and sends notifications/initialized; returns the session id. */
  static String initialize(int port) throws Exception {
    HttpResponse<String> r = post(port, """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
         "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", Map.of());
    String sid = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(port, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", legacy(sid));
    return sid;
  }

  static Map<String, String> legacy(String sid) {
    return Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
  }

  /** A modern request body: method, id, params with the required _meta. */
  static String modern(int id, String method, String paramsWithoutBraces) {
    String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}";
    String params = paramsWithoutBraces.isEmpty() ? meta : paramsWithoutBraces + "," + meta;
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
  }

  static Map<String, String> modernHeaders(String method, String name) {
    return name == null ? Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method)
        : Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Mcp-Name", name);
  }

  static JsonNode json(String s) {
    return ResourceUpdateJson.read(s);
  }

  static ObjectNode result(HttpResponse<String> r) {
    JsonNode n = json(r.body());
    if (!n.has("result")) {
      throw new AssertionError("no result: " + r.statusCode() + " " + r.body());
    }
    return (ObjectNode) n.get("result");
  }
}
