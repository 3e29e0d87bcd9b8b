package io.mmpipe.testkit;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A small Server-Sent Events client for tests: connects, parses the stream as the SSE specification says
 * (fields {@code event}, {@code data}, {@code id}, {@code retry}; comments; blank line dispatches), and keeps every
 * event it received. Built on the JDK's HTTP client, independent of the gateway's code.
 */
public final class SseClient implements AutoCloseable {

  /** One dispatched event. */
  public record Event(String event, String data, String id) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> lastEventId = new AtomicReference<>();
  private final AtomicReference<Integer> status = new AtomicReference<>();
  private final AtomicReference<Long> retryMs = new AtomicReference<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicReference<InputStream> body = new AtomicReference<>();
  private final Thread reader;

  private SseClient(HttpRequest request) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    reader = Thread.ofVirtual().name("sse-client").start(() -> run(http, request));
  }

  /** Connects to {@code uri}; {@code lastEventId} may be null. */
  public static SseClient connect(URI uri, String lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return new SseClient(b.build());
  }

  public static SseClient connect(URI uri) {
    return connect(uri, null);
  }

  private void run(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<InputStream> resp = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status.set(resp.statusCode());
      body.set(resp.body());
      try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        String type = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty()) {
            if (data != null) {
              events.add(new Event(type == null ? "message" : type, data.toString(), id));
              if (id != null) {
                lastEventId.set(id);
              }
            }
            type = null;
            id = null;
            data = null;
            continue;
          }
          if (line.startsWith(":")) {
            comments.add(line.substring(1).trim());
            continue;
          }
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "id" -> id = value;
            case "retry" -> retryMs.set(Long.parseLong(value.trim()));
            default -> { /* unknown fields are ignored, as the specification says */ }
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // closed by the test or by the server
    } finally {
      ended.set(true);
    }
  }

  public List<Event> events() {
    return new ArrayList<>(events);
  }

  public List<Event> events(Predicate<Event> filter) {
    return events.stream().filter(filter).toList();
  }

  public List<String> comments() {
    return new ArrayList<>(comments);
  }

  /** The id of the last event received (what a browser would send as Last-Event-ID). */
  public String lastEventId() {
    return lastEventId.get();
  }

  /** The HTTP status, once the response headers have arrived. */
  public Integer status() {
    return status.get();
  }

  public Long retryMs() {
    return retryMs.get();
  }

  /** True once the server closed the stream (or it failed). */
  public boolean ended() {
    return ended.get();
  }

  @Override
  public void close() {
    InputStream in = body.get();
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    reader.interrupt();
  }
}
