package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SSE client against a scripted HTTP server: what the specification says a stream may look like. */
class SseClientTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ServerSocket server;
  private final CompletableFuture<String> request = new CompletableFuture<>();

  /** Serves one connection: reads the request head, writes {@code response} bytes, closes. */
  private URI serve(byte[] response) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(head);
        if (length.find()) {
          in.readNBytes(Integer.parseInt(length.group(1))); // read the body before answering, as a server does
        }
        request.complete(head.toString());
        OutputStream out = s.getOutputStream();
        out.write(response);
        out.flush();
      } catch (IOException e) {
        request.completeExceptionally(e);
      }
    });
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/events?resource=x");
  }

  private static byte[] plain(String body) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] chunked(String... chunks) {
    StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n");
    for (String c : chunks) {
      int len = c.getBytes(StandardCharsets.UTF_8).length;
      b.append(Integer.toHexString(len)).append("\r\n").append(c).append("\r\n");
    }
    return b.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static List<SseClient.Event> drain(SseClient c, int n) throws InterruptedException {
    List<SseClient.Event> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SseClient.Event e = c.next(WAIT);
      assertThat(e).as("event %d of %d", i + 1, n).isNotNull();
      got.add(e);
    }
    return got;
  }

  @Test
  void shouldParseEventsIdsDataLinesCommentsAndRetry() throws Exception {
    URI uri = serve(plain(": hello\nretry: 1500\n\nevent: created\nid: t1\ndata: {\"a\":1}\n\n"
        + "data: line one\ndata: line two\n\nid: t2\nevent: x\ndata\n\n"));
    try (SseClient c = SseClient.connect(uri, "t0")) {
      List<SseClient.Event> got = drain(c, 3);

      assertThat(got).containsExactly(new SseClient.Event("created", "{\"a\":1}", "t1"),
          new SseClient.Event("message", "line one\nline two", "t1"),
          new SseClient.Event("x", "", "t2"));
      assertThat(c.status()).isEqualTo(200);
      assertThat(c.comments()).containsExactly("hello");
      assertThat(c.retryMs()).isEqualTo(1500L);
      assertThat(c.lastEventId()).isEqualTo("t2");
      assertThat(request.get()).startsWith("GET /events?resource=x HTTP/1.1\r\n")
          .contains("Accept: text/event-stream\r\n").contains("Last-Event-ID: t0\r\n");
    }
  }

  @Test
  void shouldJoinEveryDataLineOfAnEventAndIgnoreUnknownFields() throws Exception {
    URI uri = serve(plain("data: 1\ndatum: no\ndata:2\n: c\ndata:  3\nid\ndata: \u00e9\n\ndata: next\n\n"));
    try (SseClient c = SseClient.connect(uri)) {
      // one space after the colon is dropped, a second is data; "id" alone sets the id to ""
      assertThat(drain(c, 2)).containsExactly(new SseClient.Event("message", "1\n2\n 3\n\u00e9", ""),
          new SseClient.Event("message", "next", ""));
    }
  }

  @Test
  void shouldEndLinesAtCrLfCrOrLf() throws Exception {
    URI uri = serve(plain("data: a\r\n\r\ndata: b\r\rdata: c\n\n"));
    try (SseClient c = SseClient.connect(uri)) {
      assertThat(drain(c, 3)).extracting(SseClient.Event::data).containsExactly("a", "b", "c");
    }
  }

  @Test
  void shouldDecodeAChunkedBodyWhoseChunksSplitLinesAndCharacters() throws Exception {
    // "é" is two bytes in UTF-8: the chunk boundary falls inside it and inside a line
    byte[] eAcute = "é".getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] c1 = "data: caf".getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.writeBytes(head);
    all.writeBytes((Integer.toHexString(c1.length + 1) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    all.writeBytes(c1);
    all.write(eAcute[0]);
    all.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] c2 = ("\n\nid: 7\ndata: next\n\n").getBytes(StandardCharsets.UTF_8);
    all.writeBytes((Integer.toHexString(c2.length + 1) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
    all.write(eAcute[1]);
    all.writeBytes(c2);
    all.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    URI uri = serve(all.toByteArray());
    try (SseClient c = SseClient.connect(uri)) {
      assertThat(drain(c, 2)).containsExactly(new SseClient.Event("message", "café", null),
          new SseClient.Event("message", "next", "7"));
    }
  }

  @Test
  void shouldReadEveryChunkOfAChunkedStreamAndSeeItEnd() throws Exception {
    URI uri = serve(chunked("event: ready\ndata: {}\n\n", ": keep-alive\n\n", "data: 1\n", "\n"));
    try (SseClient c = SseClient.connect(uri)) {
      assertThat(drain(c, 2)).extracting(SseClient.Event::event).containsExactly("ready", "message");
      long until = System.nanoTime() + WAIT.toNanos();
      while (!c.ended() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(c.ended()).isTrue();
      assertThat(c.comments()).containsExactly("keep-alive");
    }
  }

  @Test
  void shouldKeepTheBodyOfARefusal() throws Exception {
    String json = "{\"error\":\"too many subscribers\"}";
    URI uri = serve(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
        + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8));
    try (SseClient c = SseClient.connect(uri, Map.of("Origin", "http://evil.example"))) {
      assertThat(c.status()).isEqualTo(503);
      assertThat(c.header("content-type")).isEqualTo("application/json");
      assertThat(c.body(WAIT)).isEqualTo(json);
      assertThat(c.events()).isEmpty();
      assertThat(request.get()).contains("Origin: http://evil.example\r\n");
    }
  }

  @Test
  void shouldGrowItsReadBlockOnlyWhileReadsFillItAndNeverPastTheBound() {
    assertThat(SseClient.blockAfter(SseClient.MIN_BLOCK, 100)).isEqualTo(SseClient.MIN_BLOCK);
    int size = SseClient.MIN_BLOCK;
    for (int i = 0; i < 40; i++) {
      size = SseClient.blockAfter(size, size);
      assertThat(size).isLessThanOrEqualTo(SseClient.MAX_BLOCK);
    }
    assertThat(size).isEqualTo(SseClient.MAX_BLOCK);
  }

  @Test
  void shouldParseABacklogOfManyBlocksWhateverSizeItsBlockGrewTo() throws Exception {
    StringBuilder body = new StringBuilder();
    int events = 5_000;
    for (int i = 0; i < events; i++) {
      body.append("id: t").append(i).append("\ndata: {\"n\":").append(i).append(",\"pad\":\"")
          .append("p".repeat(i % 97)).append("\"}\n\n");
    }
    URI uri = serve(plain(body.toString()));
    List<SseClient.Event> seen = new CopyOnWriteArrayList<>();
    try (SseClient c = SseClient.connect(uri, Map.of(), seen::add)) {
      long until = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < events && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(seen).hasSize(events);
      for (int i = 0; i < events; i++) {
        assertThat(seen.get(i).id()).isEqualTo("t" + i);
        assertThat(seen.get(i).data()).isEqualTo("{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i % 97) + "\"}");
      }
    }
  }

  @Test
  void shouldHandEventsToAListenerAndKeepNone() throws Exception {
    URI uri = serve(plain("event: ready\ndata: {}\n\ndata: 1\n\n"));
    List<SseClient.Event> seen = new CopyOnWriteArrayList<>();
    try (SseClient c = SseClient.connect(uri, Map.of(), seen::add)) {
      long until = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(seen).extracting(SseClient.Event::event).containsExactly("ready", "message");
      assertThat(c.events()).isEmpty();
      assertThat(c.next(Duration.ofMillis(50))).isNull();
    }
  }

  @Test
  void shouldPostAJsonBodyAndReadAnEventStreamAnswer() throws Exception {
    URI uri = serve(plain("data: {\"jsonrpc\":\"2.0\"}\n\n"));
    try (SseClient c = SseClient.post(uri, Map.of("Accept", "application/json, text/event-stream"), "{\"a\":1}")) {
      assertThat(c.next(WAIT).data()).isEqualTo("{\"jsonrpc\":\"2.0\"}");
      assertThat(request.get()).startsWith("POST /events?resource=x HTTP/1.1\r\n")
          .contains("Content-Type: application/json\r\n").contains("Content-Length: 7\r\n")
          .contains("Accept: application/json, text/event-stream\r\n")
          .doesNotContain("Accept: text/event-stream\r\n");
    }
  }

  @Test
  void shouldKeepAPlainJsonAnswerAsItsBody() throws Exception {
    String json = "{\"result\":{}}";
    URI uri = serve(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
        + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8));
    try (SseClient c = SseClient.post(uri, Map.of(), "{}")) {
      assertThat(c.body(WAIT)).isEqualTo(json);
      assertThat(c.events()).isEmpty();
    }
  }

  @Test
  void shouldSayWhenNothingListens() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> SseClient.connect(URI.create("http://127.0.0.1:" + port + "/events")))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("SSE connect to");
  }
}
