package io.mmpipe.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.sim.LoadGenerator;
import io.mmpipe.sim.SimChange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of {@link ControlRoutes}, for whoever drives a simulator in another process (the benchmark, the chaos
 * suite): load, channels, stats and the change log, page by page. Every non-200 answer is an
 * {@link IllegalStateException} carrying the simulator's message.
 */
public final class ControlClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code GET /_sim/stats} reports. */
  public record Stats(int connections, long eventsSent, long changesMade, boolean loadRunning, long loadChanges,
      double loadMaxBehindMs) {}

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param base the simulator's base URL, e.g. {@code http://127.0.0.1:8065} */
  public ControlClient(URI base) {
    String s = base.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** {@code POST /_sim/channels?count=}: the ids of the first {@code count} channels the load will use. */
  public List<String> ensureLoadChannels(int count) {
    List<String> ids = new ArrayList<>();
    send("POST", "/_sim/channels?count=" + count).get("channel_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** {@code POST /_sim/load}: starts (or re-targets) the load generator, the documented mix of changes. */
  public void startLoad(double rate, int channels) {
    startLoad(rate, channels, LoadGenerator.Mode.MIX);
  }

  /** {@code POST /_sim/load?mode=}: {@link LoadGenerator.Mode#POSTS} makes stamped root posts only. */
  public void startLoad(double rate, int channels, LoadGenerator.Mode mode) {
    send("POST", "/_sim/load?rate=" + rate + "&channels=" + channels + "&mode="
        + mode.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** {@code DELETE /_sim/load}. */
  public void stopLoad() {
    send("DELETE", "/_sim/load");
  }

  /** {@code POST /_sim/faults/<path>}, e.g. {@code drop} or {@code rest?status=429&count=5}. */
  public void fault(String path) {
    send("POST", "/_sim/faults/" + path);
  }

  public Stats stats() {
    JsonNode s = send("GET", "/_sim/stats");
    return new Stats(s.get("connections").asInt(), s.get("events_sent").asLong(), s.get("changes_made").asLong(),
        s.get("load_running").asBoolean(), s.get("load_changes").asLong(), s.get("load_max_behind_ms").asDouble());
  }

  /**
   * Appends every change from index {@code since} on to {@code into}, one bounded page after another, and returns
   * the index after the last one. The simulator keeps the most recent changes only (SIM_CHANGE_LOG_LIMIT): when
   * some from {@code since} on were dropped this throws an {@link IllegalStateException} saying which, rather
   * than hand back a list with a hole in it.
   */
  public long changesSince(long since, List<SimChange> into) {
    long next = since;
    while (true) {
      JsonNode page = send("GET", "/_sim/changes?since_index=" + next);
      long dropped = page.path("dropped").asLong();
      if (dropped > 0) {
        throw new IllegalStateException("the simulator dropped changes " + next + " to " + (next + dropped - 1)
            + " (it keeps the most recent SIM_CHANGE_LOG_LIMIT); its oldest kept is " + page.get("first_index"));
      }
      JsonNode changes = page.get("changes");
      for (JsonNode c : changes) {
        into.add(new SimChange(c.get("kind").asText(), c.get("post_id").asText(), c.path("channel_id").asText(null),
            c.path("user_id").asText(null), c.path("emoji_name").asText(null), c.get("at").asLong()));
      }
      next = page.get("next_index").asLong();
      if (changes.isEmpty()) {
        return next;
      }
    }
  }

  private JsonNode send(String method, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
