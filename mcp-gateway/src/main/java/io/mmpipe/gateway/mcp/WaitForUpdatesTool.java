package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * {@code wait_for_updates}: a long poll for clients without subscriptions. Returns the updates matching a filter
 * after a resume token (or from now), as soon as at least one is there, waiting at most {@code timeout_seconds};
 * the answer's {@code resume_token} is where the next call continues, so a loop of calls misses nothing and sees
 * nothing twice. Built on the same {@link Subscription} as SSE.
 */
public final class WaitForUpdatesTool implements McpTool {

  private static final int MAX_UPDATES = 500;
  private static final Duration SLICE = Duration.ofMillis(250);
  private final UpdateStreams streams;
  private final Semaphore waits;
  private final Duration maxWait;

  /** @param maxConcurrent concurrent calls on this instance; past it a call answers isError and asks to retry */
  public WaitForUpdatesTool(UpdateStreams streams, int maxConcurrent, Duration maxWait) {
    this.streams = streams;
    this.waits = new Semaphore(maxConcurrent);
    this.maxWait = maxWait;
  }

  @Override
  public ToolSpec spec() {
    long max = maxWait.toSeconds();
    return new ToolSpec("wait_for_updates", "Wait for updates",
        "Long-poll for new Mattermost activity (posts, reactions, edits, typing, status, membership, files). "
            + "Returns as soon as updates matching the filter exist after resume_token (omit it to wait for what "
            + "happens from now on), or after timeout_seconds with none. Pass the returned resume_token to the next "
            + "call to continue without gaps or repeats. Filters: resource (e.g. mattermost://new_channel_posts), "
            + "channel_id, team_id, type (e.g. created, reaction_added); each accepts a comma-separated list.",
        JsonSchema.object()
            .string("resume_token", "where to continue (from a previous call, a resource read or an SSE event id)")
            .string("resource", "feed uri(s), comma-separated")
            .string("channel_id", "channel id(s), comma-separated")
            .string("team_id", "team id(s), comma-separated")
            .string("type", "update type(s), comma-separated")
            .integer("timeout_seconds", 0, max, Math.min(30, max))
            .integer("max_updates", 1, MAX_UPDATES, 100)
            .closed().build(),
        JsonSchema.object().array("updates", "object").field("resume_token", "string").field("count", "integer")
            .field("timed_out", "boolean").field("overflowed", "boolean")
            .required("updates", "resume_token", "count", "timed_out").build(),
        ToolSpec.readOnly());
  }

  @Override
  public ToolResult call(Call call, ObjectNode args) throws InterruptedException {
    SubscriptionFilter filter;
    long timeout;
    int max;
    String token;
    try {
      token = text(args, "resume_token");
      filter = SubscriptionFilter.fromQuery(filterArgs(args));
      timeout = integer(args, "timeout_seconds", Math.min(30, maxWait.toSeconds()), 0, maxWait.toSeconds());
      max = (int) integer(args, "max_updates", 100, 1, MAX_UPDATES);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    if (!streams.ready()) {
      return ToolResult.error("the update stream is starting; call again in a few seconds");
    }
    if (!waits.tryAcquire()) {
      return ToolResult.error("too many concurrent wait_for_updates calls on this server; retry shortly");
    }
    try (Subscription sub = streams.open(token == null ? new UpdateStreams.Live()
        : new UpdateStreams.FromToken(token), filter, call.principal()::canSee)) {
      return ToolResult.data(collect(sub, call, Duration.ofSeconds(timeout), max));
    } catch (ResumeToken.InvalidTokenException e) {
      return ToolResult.error("resume_token is not valid (" + e.getMessage() + "); omit it to start from now");
    } finally {
      waits.release();
    }
  }

  private static ObjectNode collect(Subscription sub, Call call, Duration timeout, int max)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> got = new ArrayList<>();
    String token = sub.token();
    boolean overflowed = false;
    ObjectNode reset = null;
    while (got.size() < max && !call.cancelled().getAsBoolean()) {
      long left = deadline - System.nanoTime();
      Duration wait = got.isEmpty() ? Duration.ofNanos(Math.max(0, Math.min(left, SLICE.toNanos()))) : Duration.ZERO;
      Subscription.Signal s = sub.next(wait);
      token = s.token();
      if (s instanceof Subscription.Deliver d) {
        got.add(parse(d.event().json().text()));
      } else if (s instanceof Subscription.Reset r) {
        reset = r.gap().json(r.token()); // what was lost and where the updates below start
      } else if (s instanceof Subscription.Overflow) {
        overflowed = true;
        break;
      } else if (!got.isEmpty() || left <= 0) {
        break;
      }
    }
    ObjectNode out = JsonRpc.JSON.createObjectNode();
    ArrayNode list = out.putArray("updates");
    got.forEach(list::add);
    out.put("resume_token", token).put("count", got.size()).put("timed_out", got.isEmpty())
        .put("overflowed", overflowed);
    if (reset != null) {
      out.set("reset", reset);
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return JsonRpc.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("update JSON did not parse", e);
    }
  }

  private static Map<String, List<String>> filterArgs(ObjectNode args) {
    Map<String, List<String>> q = new HashMap<>();
    for (String k : List.of("resource", "channel_id", "team_id", "type")) {
      String v = text(args, k);
      if (v != null) {
        q.put(k, List.of(v));
      }
    }
    return q;
  }

  private static String text(ObjectNode args, String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return v.asText();
  }

  private static long integer(ObjectNode args, String name, long dflt, long min, long max) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToLong() || !v.isNumber() || v.asLong() < min || v.asLong() > max) {
      throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max);
    }
    return v.asLong();
  }
}
