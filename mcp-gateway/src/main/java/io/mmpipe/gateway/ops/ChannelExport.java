package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.mmpipe.gateway.mattermost.FailureText;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.mattermost.rest.MattermostClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A channel's history as JSON Lines, oldest post first: pages of {@link #PER_PAGE} read newest first, each page
 * before the oldest post of the last ({@code GET /channels/{id}/posts?before=…}), until a short page, a post older
 * than {@code since}, or {@code limit} posts. The client already waits as Mattermost asks (Retry-After,
 * X-Ratelimit-Reset) and keeps under its rate limit; when its few retries are spent on a 429 or 5xx the export
 * waits the server's hint itself and asks again, up to {@link #MAX_WAITS} times per page, saying so in a log event.
 * Progress is the share of the channel's {@code total_msg_count} read (never 1 before the end). When so many calls
 * failed that the client's circuit breaker opened (it then refuses calls for a few seconds), the export ends in error
 * with that reason: Mattermost is not answering, and the client is better asked again later than hammered now.
 *
 * @param expected the channel's total_msg_count (0 when unknown)
 * @param maxBytes the largest result kept: the export stops as soon as it would be larger, holding no more
 */
record ChannelExport(MattermostClient client, String channelId, Long since, int limit, long expected, int maxBytes)
    implements Operations.Work {

  static final int PER_PAGE = 200;
  static final int MAX_WAITS = 10;
  static final String MIME = "application/x-ndjson";

  @Override
  public Operations.Result run(Operation op) throws Exception {
    List<String> newestFirst = new ArrayList<>();
    long bytes = 0;
    int pages = 0;
    String before = null;
    boolean done = false;
    while (!done) {
      List<JsonNode> posts = posts(op, before, pages + 1);
      pages++;
      for (JsonNode p : posts) {
        if ((since != null && p.path("create_at").asLong() < since) || newestFirst.size() >= limit) {
          done = true;
          break;
        }
        String line = p.toString();
        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (bytes > maxBytes) {
          throw new Operations.Failed("the export is over the result limit of " + maxBytes + " bytes after "
              + newestFirst.size() + " posts; ask for less (since, limit)");
        }
        newestFirst.add(line);
      }
      done |= posts.size() < PER_PAGE || newestFirst.size() >= limit;
      if (!posts.isEmpty()) {
        before = posts.get(posts.size() - 1).path("id").asText();
      }
      long of = Math.max(Math.min(expected, limit), newestFirst.size() + 1L);
      ObjectNode details = OperationState.JSON.createObjectNode().put("posts", newestFirst.size()).put("pages", pages);
      op.progress(done ? 0.99 : Math.min(0.99, newestFirst.size() / (double) of),
          "read " + newestFirst.size() + " posts in " + pages + (pages == 1 ? " page" : " pages"), details);
    }
    Collections.reverse(newestFirst);
    StringBuilder out = new StringBuilder((int) Math.min(bytes, maxBytes));
    newestFirst.forEach(l -> out.append(l).append('\n'));
    ObjectNode summary = OperationState.JSON.createObjectNode().put("channel_id", channelId)
        .put("posts", newestFirst.size()).put("pages", pages);
    return new Operations.Result(out.toString(), MIME, summary);
  }

  /** One page, newest first. */
  private List<JsonNode> posts(Operation op, String before, int page) throws Exception {
    ChannelPostsQuery q = before == null ? ChannelPostsQuery.page(0, PER_PAGE) : ChannelPostsQuery.before(before,
        PER_PAGE);
    for (int attempt = 1; ; attempt++) {
      op.checkCancelled();
      try {
        List<JsonNode> out = new ArrayList<>();
        MattermostReads.ordered(client.posts().channelPosts(channelId, q)).path("posts").forEach(out::add);
        return out;
      } catch (CallNotPermittedException e) {
        throw new Operations.Failed(breakerOpen("page " + page + " of channel " + channelId));
      } catch (MattermostApiException e) {
        op.checkCancelled(); // an interrupt from cancel surfaces as a failed call
        if (e.kind() != MattermostApiException.Kind.RETRIABLE || attempt >= MAX_WAITS) {
          throw new Operations.Failed(FailureText.describe(e, "no channel with id " + channelId,
              "read this channel"));
        }
        Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(1);
        op.log("warning", "Mattermost answered HTTP " + e.status() + " for page " + page + "; waiting "
            + wait.toMillis() + " ms as it asked, then asking again");
        Thread.sleep(wait.toMillis());
      }
    }
  }

  /** What a call refused by the Mattermost client's open circuit breaker tells the client ({@code what}: read). */
  static String breakerOpen(String what) {
    return "Mattermost kept refusing (rate limited or unavailable) while reading " + what
        + ", so the gateway stopped asking it for a few seconds; retry later";
  }
}
