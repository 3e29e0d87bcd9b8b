package io.mmpipe.gateway.prompts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.McpPrompt;
import java.time.Clock;
import java.util.List;

/** {@code summarize_channel}: the channel's recent posts as a transcript, with the request to summarize them. */
public final class SummarizeChannelPrompt implements McpPrompt {

  private final MattermostReads reads;
  private final Clock clock;

  public SummarizeChannelPrompt(MattermostReads reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "summarize_channel";
  }

  @Override
  public String description() {
    return "Summarize a Mattermost channel's discussion: its posts since a time (or its latest 100), as a "
        + "transcript with the request to summarize decisions, open questions and action items.";
  }

  @Override
  public ArrayNode arguments() {
    return ChannelDigest.arguments(
        "channel_id", "the channel (completion suggests ids from channel names)", "true",
        "since", "from when: ms since 1970, an ISO-8601 time, or a duration back such as PT2H (default: the "
            + "latest 100 posts)", "false");
  }

  @Override
  public ObjectNode get(Call call, ObjectNode arguments) {
    String channelId = ChannelDigest.required(arguments, "channel_id");
    ChannelDigest.requireVisible(call.principal(), channelId);
    String since = ChannelDigest.optional(arguments, "since");
    Long sinceMillis = since == null ? null : ChannelDigest.time("since", since, clock.instant());
    ChannelDigest.Activity a = new ChannelDigest(reads, reads.access().of(call.principal()))
        .since(channelId, sinceMillis);
    StringBuilder text = new StringBuilder("Summarize the discussion in the Mattermost channel \"")
        .append(a.name()).append("\" (").append(channelId).append(")")
        .append(since == null ? "" : " since " + since).append(". List the decisions made, the open questions and ")
        .append("the action items with their owners; mention who said what where it matters.\n\n");
    if (a.lines().isEmpty()) {
      text.append("(There were no posts in that time.)\n");
    } else {
      text.append("Posts, oldest first (").append(a.posts()).append("):\n");
      a.lines().forEach(l -> text.append(l).append('\n'));
    }
    return ChannelDigest.userMessage("Summary request for " + a.name(), text.toString());
  }

  @Override
  public List<String> complete(String argument, String prefix, Call call) {
    return "channel_id".equals(argument)
        ? reads.channelIds(reads.access().of(call.principal()), prefix, 100).stream()
            .filter(call.principal()::canSeeChannel).toList()
        : List.of();
  }
}
