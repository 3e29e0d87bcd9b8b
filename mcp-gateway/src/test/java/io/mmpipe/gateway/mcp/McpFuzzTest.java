package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.Fuzz;
import io.mmpipe.gateway.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated JSON-RPC bodies and 10,000 generated header sets against {@code POST /mcp} of an in-process
 * gateway: never a 500, never a stack trace, and the server answers a valid request afterwards. Seeded: input
 * {@code i} of a run is always the same, so a failure names what to replay.
 */
class McpFuzzTest {

  static final int INPUTS = 10_000;
  private static final long SEED = 0x5eed_11L;

  private static final List<JsonNode> SEEDS = List.of(
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"pipeline_status\","
          + "\"arguments\":{}}}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":"
          + "\"mattermost://channels/c1/posts\"}}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\",\"params\":{\"uri\":"
          + "\"mattermost://channels/c1/posts\"}}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
      Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}"),
      Fuzz.json(McpFixture.modern(7, "server/discover", "")),
      Fuzz.json(McpFixture.modern(8, "tools/call", "\"name\":\"test_chatty\",\"arguments\":{}")),
      Fuzz.json(McpFixture.modern(9, "resources/read", "\"uri\":\"mattermost://feed\"")),
      Fuzz.json(McpFixture.modern(10, "subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true,"
          + "\"resourceSubscriptions\":[\"mattermost://channels/c1/posts\"]}")),
      Fuzz.json(McpFixture.modern(11, "prompts/get", "\"name\":\"x\",\"arguments\":{\"a\":\"b\"}")),
      Fuzz.json(McpFixture.modern(12, "completion/complete", "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"x\"},"
          + "\"argument\":{\"name\":\"a\",\"value\":\"\"}")));

  private static Map<String, String> headers(Fuzz f, String sid, String body) {
    Map<String, String> h = new LinkedHashMap<>();
    if (f.random().nextInt(4) > 0) {
      h.put("MCP-Protocol-Version", f.pick(List.of("2025-11-25", "2026-07-28", "2025-03-26", "1.0", f.string())));
    }
    if (f.random().nextInt(3) == 0) {
      h.put("Mcp-Session-Id", f.random().nextBoolean() ? sid : f.string());
    }
    h.put("Accept", f.pick(List.of("application/json, text/event-stream", "application/json", "text/event-stream",
        "*/*", "")));
    if (f.random().nextInt(3) == 0) {
      h.put("Mcp-Method", f.pick(List.of("tools/call", "subscriptions/listen", "initialize", f.string())));
    }
    if (f.random().nextInt(4) == 0) {
      h.put("Mcp-Name", f.string());
    }
    return h;
  }

  /** Header values as a raw request carries them: no CR or LF (those would be a different request). */
  private static String headerSafe(String v) {
    return v.replace('\r', ' ').replace('\n', ' ');
  }

  @Test
  void shouldAnswerEveryGeneratedJsonRpcBodyWithoutA500OrAStackTrace() {
    McpFixture fx = new McpFixture(1000);
    JavalinTest.test(fx.app(), (server, client) -> {
      String sid = McpFixture.initialize(server.port());
      int tried = Fuzz.run("JSON-RPC bodies on POST /mcp", INPUTS, SEED, (i, f) -> {
        String body = f.mutate(f.pick(SEEDS));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "localhost:" + server.port());
        headers(f, sid, body).forEach((k, v) -> h.put(k, headerSafe(v)));
        RawHttp r = RawHttp.send(server.port(), "POST", "/mcp", h, body, true);
        Fuzz.assertClean("mcp-body", i, body, r.status(), r.head());
      });
      assertThat(tried).isEqualTo(INPUTS);
      assertThat(McpFixture.post(server.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
          McpFixture.legacy(sid)).statusCode()).as("still serving").isEqualTo(200);
    });
  }

  @Test
  void shouldAnswerEveryGeneratedHeaderSetWithoutA500OrAStackTrace() {
    McpFixture fx = new McpFixture(1000);
    List<String> names = List.of("Host", "Origin", "Content-Type", "Content-Length", "Accept", "Authorization",
        "MCP-Protocol-Version", "Mcp-Session-Id", "Mcp-Method", "Mcp-Name", "Last-Event-ID", "Transfer-Encoding",
        "Cookie", "X-Forwarded-For", "Expect", "Connection", "Upgrade", "Range", "If-None-Match");
    JavalinTest.test(fx.app(), (server, client) -> {
      String sid = McpFixture.initialize(server.port());
      String body = SEEDS.get(1).toString();
      int tried = Fuzz.run("headers on POST /mcp", INPUTS, SEED, (i, f) -> {
        StringBuilder req = new StringBuilder("POST /mcp HTTP/1.1\r\n");
        if (f.random().nextInt(5) > 0) {
          req.append("Host: localhost:").append(server.port()).append("\r\n");
        }
        int extra = 1 + f.random().nextInt(6);
        for (int k = 0; k < extra; k++) {
          String name = f.random().nextInt(4) == 0 ? f.chars(1 + f.random().nextInt(12)) : f.pick(names);
          String value = switch (f.random().nextInt(4)) {
            case 0 -> sid;
            case 1 -> "x".repeat(f.random().nextInt(20_000));
            default -> f.string();
          };
          req.append(headerSafe(name)).append(": ").append(headerSafe(value)).append("\r\n");
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        req.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n")
            .append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
        byte[] head = req.toString().getBytes(f.random().nextBoolean() ? StandardCharsets.UTF_8
            : StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        RawHttp r = RawHttp.sendRaw(server.port(), all, true);
        Fuzz.assertClean("headers", i, req.toString(), r.status(), r.head());
      });
      assertThat(tried).isEqualTo(INPUTS);
      assertThat(McpFixture.post(server.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
          McpFixture.legacy(sid)).statusCode()).as("still serving").isEqualTo(200);
    });
  }
}
