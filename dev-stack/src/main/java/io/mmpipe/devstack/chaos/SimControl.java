package io.mmpipe.devstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devstack.stack.Stack;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.control.ControlClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The simulator as the chaos suite drives it: its control API ({@code /_sim/}) and one REST call, a marker post. */
final class SimControl {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final ControlClient control;
  private final String botToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Ledger.Change> changes = new ArrayList<>();
  private volatile String channelId;

  SimControl(String base, String botToken) {
    this.base = base;
    this.control = new ControlClient(URI.create(base));
    this.botToken = botToken;
  }

  /** Every change made so far, fetched incrementally (page by page). */
  synchronized List<Ledger.Change> changes() {
    List<SimChange> fresh = new ArrayList<>();
    control.changesSince(changes.size(), fresh);
    for (SimChange c : fresh) {
      changes.add(new Ledger.Change(c.kind(), c.postId(), c.userId(), c.emojiName(), c.at()));
      if (channelId == null && c.channelId() != null) {
        channelId = c.channelId();
      }
    }
    return List.copyOf(changes);
  }

  void fault(String path) {
    control.fault(path);
  }

  /** A post by the bot, retried while the simulator answers an error (a 429 storm is on); its id. */
  String markerPost(String text) {
    if (channelId == null) {
      changes();
    }
    String body = "{\"channel_id\":\"" + channelId + "\",\"message\":\"" + text + "\"}";
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < until) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v4/posts"))
          .header("Authorization", "Bearer " + botToken).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      if (r.statusCode() == 201 || r.statusCode() == 200) {
        try {
          return JSON.readTree(r.body()).get("id").asText();
        } catch (IOException e) {
          throw new IllegalStateException("the simulator answered a post that is not JSON", e);
        }
      }
      sleep(500);
    }
    throw new IllegalStateException("the simulator refused the marker post for 120 s");
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void sleep(long ms) {
    Stack.sleep(ms);
  }
}
