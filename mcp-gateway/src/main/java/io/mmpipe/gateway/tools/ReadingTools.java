package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import java.util.List;

/** Reading posts: a channel's, a thread, a search. Served from Redis when cached, from Mattermost otherwise. */
final class ReadingTools {

  private ReadingTools() {}

  static List<MattermostTool> all(MattermostTool.Setup setup) {
    return List.of(new GetChannelPostsTool(setup), new GetPostThreadTool(setup), new SearchPostsTool(setup));
  }

  static JsonSchema postsOutput() {
    return JsonSchema.object().array("posts", "object").field("next_post_id", "string")
        .field("prev_post_id", "string").field("has_next", "boolean").required("posts");
  }

  static final class GetChannelPostsTool extends MattermostTool {
    GetChannelPostsTool(Setup setup) {
      super(setup, "get_channel_posts", "Read a channel's posts",
          "Reads a channel's posts, newest first. Without cursors: the latest page. 'since' (ms since 1970) gives "
              + "every post created or changed after that time (not combinable with the others); 'before'/'after' "
              + "(a post id) page older/newer posts; 'page' and 'per_page' (at most 200) page through.",
          JsonSchema.object().string("channel_id", "the channel").field("since", "integer")
              .string("before", "a post id: posts older than it").string("after", "a post id: posts newer than it")
              .integer("page", 0, 10_000, 0).integer("per_page", 1, 200, 30).required("channel_id").closed(),
          postsOutput(), Kind.READ, a -> "no channel with id " + a.optionalString("channel_id"),
          "read this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String channel = a.id("channel_id", MessagingTools.CHANNEL_HINT);
      Long since = a.optionalMillis("since");
      String before = a.optionalId("before", MessagingTools.POST_HINT);
      String after = a.optionalId("after", MessagingTools.POST_HINT);
      if (since != null && (before != null || after != null || a.has("page"))) {
        throw new ToolArgs.BadArgument("since cannot be combined with before, after or page");
      }
      if (before != null && after != null) {
        throw new ToolArgs.BadArgument("give before or after, not both");
      }
      ChannelPostsQuery q = since != null ? ChannelPostsQuery.since(since)
          : new ChannelPostsQuery(null, before, after, a.integer("page", 0, 10_000, 0),
              a.integer("per_page", 1, 200, 30));
      ObjectNode out = MattermostReads.ordered(ctx.reads().channelPosts(ctx.identity(), channel, q));
      out.put("channel_id", channel);
      return out;
    }
  }

  static final class GetPostThreadTool extends MattermostTool {
    GetPostThreadTool(Setup setup) {
      super(setup, "get_post_thread", "Read a thread",
          "Reads the whole thread a post belongs to (root and replies), newest first.",
          JsonSchema.object().string("post_id", "any post of the thread").required("post_id").closed(),
          postsOutput(), Kind.READ, MessagingTools::noPost, "read this thread");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String postId = ctx.args().id("post_id", MessagingTools.POST_HINT);
      return MattermostReads.ordered(ctx.reads().thread(ctx.identity(), postId));
    }
  }

  static final class SearchPostsTool extends MattermostTool {
    SearchPostsTool(Setup setup) {
      super(setup, "search_posts", "Search posts",
          "Searches a team's posts with Mattermost's search syntax (words, \"phrases\", from:user, in:channel, "
              + "before:/after:/on: dates). team_id defaults to MATTERMOST_TEAM_ID or the first team.",
          JsonSchema.object().string("terms", "what to search for").string("team_id", "the team (optional)")
              .field("or_search", "boolean").integer("page", 0, 1000, 0).integer("per_page", 1, 200, 20)
              .required("terms").closed(),
          postsOutput(), Kind.READ, a -> "no team with id " + a.optionalString("team_id"), "search this team");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String terms = a.text("terms", 1000);
      boolean or = a.bool("or_search", false);
      int page = a.integer("page", 0, 1000, 0);
      int perPage = a.integer("per_page", 1, 200, 20);
      JsonNode found = ctx.reads().searchPosts(ctx.identity(), ctx.team(), terms, or, page, perPage);
      return MattermostReads.ordered(found);
    }
  }
}
