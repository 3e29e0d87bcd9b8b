package io.mmpipe.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.ws.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The endpoints of the leak matrix, as a client of one principal sees them (its {@code Authorization}, or none):
 * what each delivers, as update JSON (event_id, channel_id) or MCP results.
 */
final class LeakProbes {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MODERN = "2026-07-28";

  private final int port;
  private final Map<String, String> auth;

  LeakProbes(int port, Map<String, String> auth) {
    this.port = port;
    this.auth = auth;
  }

  SseClient sse(String lastEventId) {
    Map<String, String> h = new HashMap<>(auth);
    if (lastEventId != null) {
      h.put("Last-Event-ID", lastEventId);
    }
    return SseClient.connect(URI.create("http://127.0.0.1:" + port + "/events"), h);
  }

  /** SSE updates until one matches {@code end} (included) or 60 s passed. */
  static List<JsonNode> sseUntil(SseClient c, Predicate<JsonNode> end) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      SseClient.Event e = c.next(Duration.ofSeconds(1));
      if (e == null || List.of("ready", "reset", "overflow").contains(e.event())) {
        continue;
      }
      JsonNode u = JSON.readTree(e.data());
      if (!u.has("event_id")) { // an MCP GET stream: notifications, kept whole
        out.add(u);
        if (end.test(u)) {
          break;
        }
        continue;
      }
      out.add(u);
      if (end.test(u)) {
        break;
      }
    }
    return out;
  }

  WsClient ws() throws Exception {
    WsClient c = WsClient.connect(port, auth);
    c.send("{\"command\":\"subscribe\",\"id\":\"all\"}");
    JsonNode answer = c.await(m -> m.path("id").asText().equals("all"));
    if (!"subscribed".equals(answer.path("status").asText())) {
      throw new AssertionError("subscribe answered " + answer);
    }
    return c;
  }

  /** WebSocket updates (the update objects) until one matches {@code end} or 60 s passed. */
  static List<JsonNode> wsUntil(WsClient c, Predicate<JsonNode> end) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = c.next(Duration.ofMillis(500));
      if (m != null && "update".equals(m.path("event_type").asText())) {
        out.add(m.path("update"));
        if (end.test(m.path("update"))) {
          break;
        }
      }
    }
    return out;
  }

  /** A stateless (2026-07-28) MCP request; the JSON-RPC answer (result or error). */
  JsonNode modern(String method, String name, ObjectNode params) throws Exception {
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", MODERN);
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "leak").put("version", "1");
    ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
    body.set("params", params);
    Map<String, String> h = new HashMap<>(auth);
    h.put("MCP-Protocol-Version", MODERN);
    h.put("Mcp-Method", method);
    h.put("Mcp-Name", name);
    return lastMessage(post(body.toString(), h).body());
  }

  HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON body, or the last message of an SSE body. */
  static JsonNode lastMessage(String body) throws Exception {
    if (body.startsWith("{")) {
      return JSON.readTree(body);
    }
    JsonNode last = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("data:") && line.length() > 6) {
        last = JSON.readTree(line.substring(5).trim());
      }
    }
    return last;
  }

  /** The uri a listen stream also watches so a reader knows where a batch ends (the sentinels are statuses). */
  static final String STATUS_FEED = "mattermost://user_status";

  /**
   * A 2026-07-28 {@code subscriptions/listen} stream (a long POST answered as SSE) for {@code uris} and
   * {@link #STATUS_FEED}, with subscription id {@code id}, returned once the server acknowledged it (from then on
   * nothing is missed).
   */
  SseClient listen(String id, List<String> uris) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id)
        .put("method", "subscriptions/listen");
    ObjectNode params = body.putObject("params");
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", MODERN);
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "leak").put("version", "1");
    var subs = params.putObject("notifications").putArray("resourceSubscriptions");
    uris.forEach(subs::add);
    subs.add(STATUS_FEED);
    Map<String, String> h = new HashMap<>(auth);
    h.put("MCP-Protocol-Version", MODERN);
    h.put("Mcp-Method", "subscriptions/listen");
    h.put("Accept", "application/json, text/event-stream");
    SseClient c = SseClient.post(URI.create("http://127.0.0.1:" + port + "/mcp"), h, body.toString());
    SseClient.Event first = c.next(Duration.ofSeconds(30));
    JsonNode ack = first == null ? null : JSON.readTree(first.data());
    if (ack == null || !"notifications/subscriptions/acknowledged".equals(ack.path("method").asText())
        || !id.equals(ack.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asText())) {
      c.close();
      throw new AssertionError("listen was not acknowledged: " + c.status() + " " + ack);
    }
    return c;
  }

  /**
   * The uris of the {@code notifications/resources/updated} on a listen stream, until {@link #STATUS_FEED} was
   * notified (excluded) or 60 s passed; each must carry the subscription id {@code id}.
   */
  static List<String> listenUntilStatus(SseClient c, String id) throws Exception {
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      SseClient.Event e = c.next(Duration.ofSeconds(1));
      if (e == null) {
        continue;
      }
      JsonNode n = JSON.readTree(e.data());
      if (!"notifications/resources/updated".equals(n.path("method").asText())) {
        throw new AssertionError("a listen stream sent what it was not asked for: " + n);
      }
      if (!id.equals(n.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asText())) {
        throw new AssertionError("a notification without its subscription id: " + n);
      }
      String uri = n.path("params").path("uri").asText();
      if (uri.equals(STATUS_FEED)) {
        return out;
      }
      out.add(uri);
    }
    throw new AssertionError("no " + STATUS_FEED + " notification within 60 s; got " + out);
  }

  /**
   * A legacy (2025-11-25) session subscribed to {@code uris}, and its GET stream, which carries
   * {@code notifications/resources/updated}.
   */
  SseClient subscribed(List<String> uris) throws Exception {
    Map<String, String> h = new HashMap<>(auth);
    HttpResponse<String> init = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
        h);
    String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError(init.body()));
    h.put("Mcp-Session-Id", sid);
    h.put("MCP-Protocol-Version", "2025-11-25");
    post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", h);
    int id = 2;
    for (String uri : uris) {
      HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"resources/subscribe\","
          + "\"params\":{\"uri\":\"" + uri + "\"}}", h);
      if (r.statusCode() != 200) {
        throw new AssertionError("subscribe " + uri + ": " + r.statusCode() + " " + r.body());
      }
    }
    h.put("Accept", "text/event-stream");
    return SseClient.connect(URI.create("http://127.0.0.1:" + port + "/mcp"), h);
  }
}
