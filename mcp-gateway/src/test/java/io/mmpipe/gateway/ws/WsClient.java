package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client of {@code /ws} on the JDK's WebSocket: messages as JSON in arrival order, and the close code. Public
 * for the cross-channel ITs of other packages ({@code BroadcastIT}).
 */
public final class WsClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket ws;

  private WsClient() {}

  /** Connects and reads the {@code connected} welcome. */
  public static WsClient connect(int port) throws Exception {
    WsClient c = open(port, Map.of()).get(30, TimeUnit.SECONDS);
    JsonNode hello = c.next(Duration.ofSeconds(30));
    if (hello == null || !hello.path("event_type").asText().equals("connected")) {
      throw new AssertionError("expected the connected welcome, got " + hello);
    }
    return c;
  }

  /** Connects with extra upgrade headers (an Authorization) and reads the {@code connected} welcome. */
  public static WsClient connect(int port, Map<String, String> headers) throws Exception {
    WsClient c = open(port, headers).get(30, TimeUnit.SECONDS);
    JsonNode hello = c.next(Duration.ofSeconds(30));
    if (hello == null || !hello.path("event_type").asText().equals("connected")) {
      throw new AssertionError("expected the connected welcome, got " + hello);
    }
    return c;
  }

  /** Starts connecting with extra upgrade headers (the future fails with the HTTP answer when refused). */
  static CompletableFuture<WsClient> open(int port, Map<String, String> headers) {
    WsClient c = new WsClient();
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    return b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), c.listener()).thenApply(ws -> {
      c.ws = ws;
      return c;
    });
  }

  /** The HTTP status of an upgrade the server refuses (fails when it is accepted). */
  static int refusedUpgrade(int port, Map<String, String> headers) {
    java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> open(port, headers).get(30, TimeUnit.SECONDS));
    if (!(e.getCause() instanceof java.net.http.WebSocketHandshakeException refused)) {
      throw new AssertionError("the upgrade failed without an HTTP answer", e);
    }
    return refused.getResponse().statusCode();
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            messages.add(JSON.readTree(partial.toString()));
          } catch (Exception e) {
            throw new AssertionError("the server sent a frame that is not JSON: " + partial, e);
          }
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
      }
    };
  }

  /** The JDK socket, for frames the helpers do not send (binary, without waiting). */
  WebSocket ws() {
    return ws;
  }

  public void send(String text) {
    ws.sendText(text, true).join();
  }

  void send(ObjectNode command) {
    send(command.toString());
  }

  public static ObjectNode command(String name, String id) {
    return JSON.createObjectNode().put("command", name).put("id", id);
  }

  /** The next message, or null after {@code wait}. */
  public JsonNode next(Duration wait) throws InterruptedException {
    return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next message matching {@code p} within 60 s (others are dropped), or an AssertionError. */
  public JsonNode await(Predicate<JsonNode> p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = next(Duration.ofMillis(200));
      if (m != null && p.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no matching message within 60 s");
  }

  /** Sends a command and returns its answer (the next status or error with its id). */
  public JsonNode call(ObjectNode command) throws InterruptedException {
    send(command);
    String id = command.path("id").asText();
    return await(m -> (m.path("event_type").asText().equals("status") || m.path("event_type").asText().equals("error"))
        && m.path("id").asText().equals(id));
  }

  /** Reads {@code n} updates (60 s at most; fewer if they do not come). */
  public List<JsonNode> updates(int n) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      JsonNode m = next(Duration.ofMillis(200));
      if (m != null && m.path("event_type").asText().equals("update")) {
        out.add(m);
      }
    }
    return out;
  }

  /** The close code the server sent, waiting up to {@code wait}; null if still open. */
  Integer closeCode(Duration wait) {
    try {
      return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (ws != null) {
      ws.abort();
    }
  }
}
