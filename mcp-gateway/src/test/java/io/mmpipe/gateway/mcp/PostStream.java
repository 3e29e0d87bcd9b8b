package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POST to {@code /mcp} whose answer is an SSE stream of JSON-RPC messages (2026-07-28 {@code subscriptions/listen}),
 * on the project's one SSE client; each event's data is read as one JSON message. Closing it is how a client
 * cancels.
 */
final class PostStream implements AutoCloseable {

  private final SseClient client;

  private PostStream(SseClient client) {
    this.client = client;
  }

  static PostStream open(int port, String body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Accept", "application/json, text/event-stream");
    all.putAll(headers);
    return new PostStream(SseClient.post(URI.create("http://localhost:" + port + "/mcp"), all, body));
  }

  int status() {
    return client.status();
  }

  String header(String name) {
    return client.header(name);
  }

  /** The next message, or null when none came within {@code timeout}. */
  JsonNode next(Duration timeout) throws InterruptedException {
    SseClient.Event e = client.next(timeout);
    return e == null ? null : McpFixture.json(e.data());
  }

  @Override
  public void close() {
    client.close();
  }
}
