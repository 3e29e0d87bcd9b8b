package io.mmpipe.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test client on the JDK's WebSocket: records every text frame as received (bytes kept) and the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  final AtomicInteger pings = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private final boolean answerPings;
  WebSocket socket;

  private WsClient(boolean answerPings) {
    this.answerPings = answerPings;
  }

  static WsClient connect(MattermostSim sim, String query, Map<String, String> headers) throws Exception {
    return connect(sim, query, headers, true);
  }

  static WsClient connect(MattermostSim sim, String query, Map<String, String> headers, boolean answerPings)
      throws Exception {
    WsClient c = new WsClient(answerPings);
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    URI uri = URI.create("ws://127.0.0.1:" + sim.port() + "/api/v4/websocket" + (query.isEmpty() ? "" : "?" + query));
    c.socket = b.buildAsync(uri, c).get(10, TimeUnit.SECONDS);
    return c;
  }

  /** Connects the bot to another path of the server (used for the trailing-slash variant). */
  static WsClient atPath(MattermostSim sim, String path) throws Exception {
    WsClient c = new WsClient(true);
    c.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + sim.botToken())
        .buildAsync(URI.create("ws://127.0.0.1:" + sim.port() + path), c).get(10, TimeUnit.SECONDS);
    return c;
  }

  static WsClient bearer(MattermostSim sim, String token) throws Exception {
    return connect(sim, "", Map.of("Authorization", "Bearer " + token));
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(partial.toString());
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    pings.incrementAndGet();
    if (answerPings) {
      ws.sendPong(message);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closed.complete(-1);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame, or fails the test after {@code seconds}. */
  String nextRaw(long seconds) throws InterruptedException {
    String f = frames.poll(seconds, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no frame within " + seconds + " s");
    }
    return f;
  }

  JsonNode next() throws Exception {
    return JSON.readTree(nextRaw(15));
  }

  /** The next frame that is an event (skips action replies). */
  JsonNode nextEvent() throws Exception {
    while (true) {
      JsonNode n = next();
      if (n.has("event")) {
        return n;
      }
    }
  }

  /** The next event with this name. */
  JsonNode nextEvent(String name) throws Exception {
    while (true) {
      JsonNode n = nextEvent();
      if (n.path("event").asText().equals(name)) {
        return n;
      }
    }
  }

  List<String> drain() {
    List<String> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  boolean isClosed() {
    return closed.isDone() || socket.isInputClosed();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.abort();
    }
  }
}
