package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.JsonSchema;
import java.util.List;

/** Posting, editing, deleting and reacting: every one a write, off unless GATEWAY_ALLOW_WRITES=true. */
final class MessagingTools {

  /** Mattermost's default MaxPostSize (16383 runes). */
  static final int MAX_MESSAGE = 16_383;
  static final String CHANNEL_HINT = "list_channels gives the ids of your channels";
  static final String POST_HINT = "get_channel_posts or search_posts give post ids";

  private MessagingTools() {}

  static List<MattermostTool> all(MattermostTool.Setup setup) {
    return List.of(new SendMessageTool(setup), new ReplyToThreadTool(setup), new UpdateMessageTool(setup),
        new DeleteMessageTool(setup), new AddReactionTool(setup), new RemoveReactionTool(setup));
  }

  static String noPost(ToolArgs a) {
    return "no post with id " + a.optionalString("post_id");
  }

  static JsonSchema postOutput() {
    return MattermostTool.output("post", "object");
  }

  static final class SendMessageTool extends MattermostTool {
    SendMessageTool(Setup setup) {
      super(setup, "send_message", "Send a message",
          "Posts a new message (Markdown) to a channel as the token's user. Attach files uploaded with "
              + "upload_file by their ids. Answers the created post.",
          JsonSchema.object().string("channel_id", "the channel to post in").string("message", "the text, Markdown")
              .array("file_ids", "string").required("channel_id", "message").closed(),
          postOutput(), Kind.CREATE, a -> "no channel with id " + a.optionalString("channel_id"),
          "post in this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String channel = a.id("channel_id", CHANNEL_HINT);
      String message = a.text("message", MAX_MESSAGE);
      List<String> files = a.strings("file_ids");
      return wrap("post", ctx.identity().client().posts().create(channel, message, null, files));
    }
  }

  static final class ReplyToThreadTool extends MattermostTool {
    ReplyToThreadTool(Setup setup) {
      super(setup, "reply_to_thread", "Reply in a thread",
          "Replies to a post's thread (any post of the thread may be given; the reply goes to its root). "
              + "Answers the created reply.",
          JsonSchema.object().string("post_id", "a post of the thread").string("message", "the text, Markdown")
              .required("post_id", "message").closed(),
          postOutput(), Kind.CREATE, MessagingTools::noPost, "reply in this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String postId = a.id("post_id", POST_HINT);
      String message = a.text("message", MAX_MESSAGE);
      JsonNode post = ctx.identity().client().posts().get(postId);
      String root = post.path("root_id").asText("");
      return wrap("post", ctx.identity().client().posts().create(post.path("channel_id").asText(), message,
          root.isEmpty() ? postId : root, null));
    }
  }

  static final class UpdateMessageTool extends MattermostTool {
    UpdateMessageTool(Setup setup) {
      super(setup, "update_message", "Edit a message",
          "Replaces the text of a post the token's user wrote. Answers the edited post.",
          JsonSchema.object().string("post_id", "the post to edit").string("message", "the new text, Markdown")
              .required("post_id", "message").closed(),
          postOutput(), Kind.SET, MessagingTools::noPost, "edit this post (only its author or an admin may)");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String postId = a.id("post_id", POST_HINT);
      return wrap("post", ctx.identity().client().posts().patch(postId, a.text("message", MAX_MESSAGE)));
    }
  }

  static final class DeleteMessageTool extends MattermostTool {
    DeleteMessageTool(Setup setup) {
      super(setup, "delete_message", "Delete a message",
          "Deletes a post (and, for a thread root, its replies). Cannot be undone.",
          JsonSchema.object().string("post_id", "the post to delete").required("post_id").closed(),
          JsonSchema.object().field("deleted", "boolean").field("post_id", "string").required("deleted", "post_id"),
          Kind.REMOVE, MessagingTools::noPost, "delete this post (only its author or an admin may)");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String postId = ctx.args().id("post_id", POST_HINT);
      ctx.identity().client().posts().delete(postId);
      return JsonRpc.JSON.createObjectNode().put("deleted", true).put("post_id", postId);
    }
  }

  static JsonSchema reactionInput() {
    return JsonSchema.object().string("post_id", "the post")
        .string("emoji_name", "the emoji's name without colons, e.g. +1, eyes, white_check_mark")
        .required("post_id", "emoji_name").closed();
  }

  static String emoji(ToolArgs a) {
    String e = a.string("emoji_name").replace(":", "");
    if (!e.matches("[A-Za-z0-9_+-]{1,64}")) {
      throw new ToolArgs.BadArgument("emoji_name must be an emoji's name such as +1 or eyes, not '" + e + "'");
    }
    return e;
  }

  static final class AddReactionTool extends MattermostTool {
    AddReactionTool(Setup setup) {
      super(setup, "add_reaction", "Add a reaction",
          "Adds an emoji reaction to a post as the token's user. Adding one that is there already changes nothing.",
          reactionInput(), MattermostTool.output("reaction", "object"), Kind.SET, MessagingTools::noPost,
          "react to this post");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String postId = ctx.args().id("post_id", POST_HINT);
      String emoji = emoji(ctx.args());
      String me = ctx.reads().me(ctx.identity()).path("id").asText();
      return wrap("reaction", ctx.identity().client().posts().addReaction(me, postId, emoji));
    }
  }

  static final class RemoveReactionTool extends MattermostTool {
    RemoveReactionTool(Setup setup) {
      super(setup, "remove_reaction", "Remove a reaction",
          "Removes the token's user's emoji reaction from a post.",
          reactionInput(),
          JsonSchema.object().field("removed", "boolean").field("post_id", "string").field("emoji_name", "string")
              .required("removed"),
          Kind.REMOVE, MessagingTools::noPost, "remove this reaction");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String postId = ctx.args().id("post_id", POST_HINT);
      String emoji = emoji(ctx.args());
      String me = ctx.reads().me(ctx.identity()).path("id").asText();
      ctx.identity().client().posts().removeReaction(me, postId, emoji);
      return JsonRpc.JSON.createObjectNode().put("removed", true).put("post_id", postId).put("emoji_name", emoji);
    }
  }
}
