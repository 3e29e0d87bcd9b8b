package io.mmpipe.gateway.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal SSE client for tests: java.net.http, the body read line by line on a virtual thread, events parsed as
 * the WHATWG spec says (field lines until a blank line).
 */
public final class SseClient implements AutoCloseable {

  /** One parsed event. */
  public record Event(String event, String id, String data) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final HttpResponse<InputStream> response;
  public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  public final List<String> comments = new CopyOnWriteArrayList<>();
  public final List<String> retries = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean paused;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = Thread.ofVirtual().start(this::read);
  }

  public static SseClient connect(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new SseClient(r);
  }

  /** While paused the client reads nothing, so the server's writes back up (a slow subscriber). */
  public void pause(boolean p) {
    paused = p;
  }

  private void read() {
    if (response.statusCode() != 200) {
      return;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 256)) {
      String event = null;
      String id = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        while (paused) {
          Thread.sleep(20);
        }
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(event == null ? "message" : event, id, String.join("\n", data)));
          }
          event = null;
          id = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
          switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> data.add(value);
            case "retry" -> retries.add(value);
            default -> { }
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  public String body() throws IOException {
    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    reader.interrupt();
    try {
      response.body().close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
