package io.mmpipe.gateway.prompts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.McpPrompt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code catch_up}: what changed in some channels since a resume token (new posts, edits, deletions), and the token
 * to continue from next time. The token is the time this catch-up was made ({@code cu1:<ms>}, base64url): reading
 * changes since a time is what Mattermost answers exactly ({@code since} includes edits and deletions), and a token
 * from someone else shows no more than the caller's own token may read.
 */
public final class CatchUpPrompt implements McpPrompt {

  /** How far back a first catch-up (no token) looks. */
  static final Duration FIRST = Duration.ofHours(24);
  static final int MAX_CHANNELS = 20;
  private static final String TOKEN_PREFIX = "cu1:";

  private final MattermostReads reads;
  private final Clock clock;

  public CatchUpPrompt(MattermostReads reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "catch_up";
  }

  @Override
  public String description() {
    return "Catch up on Mattermost channels: what changed since the resume token of the previous catch_up (new "
        + "posts, edits, deletions; without a token the last 24 hours), with the request to brief the reader, and "
        + "the token for next time.";
  }

  @Override
  public ArrayNode arguments() {
    return ChannelDigest.arguments(
        "channel_ids", "comma-separated channel ids (at most 20; completion suggests ids from names)", "true",
        "resume_token", "the token the previous catch_up ended with (default: the last 24 hours)", "false");
  }

  /** The token for "changes after {@code millis}". */
  static String token(long millis) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((TOKEN_PREFIX + millis).getBytes(StandardCharsets.US_ASCII));
  }

  static long since(String token) {
    try {
      String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (t.startsWith(TOKEN_PREFIX)) {
        return Long.parseLong(t.substring(TOKEN_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below (NumberFormatException is an IllegalArgumentException)
    }
    throw McpError.invalidParams("resume_token is not a token catch_up gave; leave it out to look back 24 hours");
  }

  @Override
  public ObjectNode get(Call call, ObjectNode arguments) {
    List<String> channels = new ArrayList<>();
    for (String c : ChannelDigest.required(arguments, "channel_ids").split(",")) {
      if (!c.isBlank() && !channels.contains(c.trim())) {
        channels.add(c.trim());
      }
    }
    if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
      throw McpError.invalidParams("channel_ids must name 1 to " + MAX_CHANNELS + " channels, comma-separated");
    }
    channels.forEach(c -> ChannelDigest.requireVisible(call.principal(), c));
    String given = ChannelDigest.optional(arguments, "resume_token");
    long now = clock.millis();
    long since = given == null ? now - FIRST.toMillis() : since(given);
    Identity id = reads.access().of(call.principal());
    ChannelDigest digest = new ChannelDigest(reads, id);
    StringBuilder text = new StringBuilder("Brief me on what changed in these Mattermost channels since ")
        .append(java.time.Instant.ofEpochMilli(since)).append(": the important news first, then per channel what ")
        .append("was discussed or decided and anything that needs my reply. Skip channels with nothing new.\n");
    for (String channel : channels) {
      ChannelDigest.Activity a = digest.since(channel, since);
      text.append("\n## ").append(a.name()).append(" (").append(channel).append("): ").append(a.posts())
          .append(" new or changed posts, ").append(a.edited()).append(" edited, ").append(a.deleted())
          .append(" deleted\n");
      a.lines().forEach(l -> text.append(l).append('\n'));
    }
    String next = token(now);
    text.append("\nNext catch_up: resume_token=").append(next).append('\n');
    ObjectNode out = ChannelDigest.userMessage("Catch-up on " + channels.size() + " channel(s); next resume_token "
        + next, text.toString());
    return out;
  }

  @Override
  public List<String> complete(String argument, String prefix, Call call) {
    if (!"channel_ids".equals(argument)) {
      return List.of();
    }
    // complete the last id of the comma list, keeping those before it
    int comma = prefix.lastIndexOf(',');
    String head = comma < 0 ? "" : prefix.substring(0, comma + 1);
    String last = prefix.substring(comma + 1).trim();
    return reads.channelIds(reads.access().of(call.principal()), last, 100).stream()
        .filter(call.principal()::canSeeChannel).map(id -> head + id).toList();
  }
}
