package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A POST whose response is an SSE stream of JSON-RPC messages (2026-07-28 {@code subscriptions/listen}), read over a
 * raw socket so the test can close it at will (closing is how a client cancels). Only {@code data:} lines matter
 * here; each event's data is one JSON message. HTTP/1.0, so the body is not chunked.
 */
final class PostStream implements AutoCloseable {

  private final Socket socket;
  private final int status;
  private final Map<String, String> headers = new HashMap<>();
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

  private PostStream(Socket socket, BufferedReader in) throws IOException {
    this.socket = socket;
    String statusLine = in.readLine();
    this.status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    Thread.ofVirtual().start(() -> {
      StringBuilder data = new StringBuilder();
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          } else if (line.isEmpty() && !data.isEmpty()) {
            messages.add(McpFixture.json(data.toString()));
            data.setLength(0);
          }
        }
      } catch (IOException e) {
        // closed
      }
    });
  }

  static PostStream open(int port, String body, Map<String, String> headers) throws IOException {
    Socket s = new Socket("localhost", port);
    OutputStream out = s.getOutputStream();
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder req = new StringBuilder("POST /mcp HTTP/1.0\r\nHost: localhost:" + port + "\r\n"
        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
        + "Content-Length: " + b.length + "\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
    InputStream in = s.getInputStream();
    return new PostStream(s, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The next message, or null when none came within {@code timeout}. */
  JsonNode next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
