package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.mattermost.rest.NewChannel;
import java.util.List;
import java.util.Set;

/** Channels: listing, reading, creating, membership. */
final class ChannelTools {

  static final String USER_HINT = "search_users gives user ids";

  private ChannelTools() {}

  static List<MattermostTool> all(MattermostTool.Setup setup) {
    return List.of(new ListChannelsTool(setup), new GetChannelTool(setup), new CreateChannelTool(setup),
        new AddChannelMemberTool(setup), new RemoveChannelMemberTool(setup), new GetChannelMembersTool(setup));
  }

  static String noChannel(ToolArgs a) {
    return "no channel with id " + a.optionalString("channel_id");
  }

  static JsonSchema memberInput() {
    return JsonSchema.object().string("channel_id", "the channel").string("user_id", "the user")
        .required("channel_id", "user_id").closed();
  }

  static final class ListChannelsTool extends MattermostTool {
    ListChannelsTool(Setup setup) {
      super(setup, "list_channels", "List my channels",
          "Lists the channels the token's user is a member of in a team (id, name, display_name, type O public / "
              + "P private / D direct / G group, purpose, header). team_id defaults to MATTERMOST_TEAM_ID or the "
              + "first team.",
          JsonSchema.object().string("team_id", "the team (optional)").closed(),
          JsonSchema.object().field("team_id", "string").array("channels", "object").required("channels"),
          Kind.READ, a -> "no team with id " + a.optionalString("team_id"), "list this team's channels");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String team = ctx.team();
      ObjectNode out = wrap("channels", ctx.reads().channels(ctx.identity(), team));
      out.put("team_id", team);
      return out;
    }
  }

  static final class GetChannelTool extends MattermostTool {
    GetChannelTool(Setup setup) {
      super(setup, "get_channel", "Read a channel",
          "Reads a channel: name, display_name, type, purpose, header, team_id, last_post_at, total_msg_count.",
          JsonSchema.object().string("channel_id", "the channel").required("channel_id").closed(),
          output("channel", "object"), Kind.READ, ChannelTools::noChannel, "read this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      return wrap("channel", ctx.reads().channel(ctx.identity(),
          ctx.args().id("channel_id", MessagingTools.CHANNEL_HINT)));
    }
  }

  static final class CreateChannelTool extends MattermostTool {
    CreateChannelTool(Setup setup) {
      super(setup, "create_channel", "Create a channel",
          "Creates a public (O) or private (P) channel in a team, with the token's user as its first member.",
          JsonSchema.object().string("name", "URL name: 1-64 of a-z, 0-9, '-', '_'")
              .string("display_name", "the name shown, 1-64 characters").oneOf("type", "O", "P")
              .string("purpose", "optional").string("header", "optional").string("team_id", "the team (optional)")
              .required("name", "display_name").closed(),
          output("channel", "object"), Kind.CREATE, a -> "no team with id " + a.optionalString("team_id"),
          "create channels in this team");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String name = a.string("name");
      String display = a.string("display_name");
      char type = a.oneOf("type", Set.of("O", "P"), "O").charAt(0);
      // NewChannel checks name and display name; its IllegalArgumentException is reported as a bad argument
      NewChannel channel = new NewChannel(ctx.team(), name, display, type, a.optionalString("purpose"),
          a.optionalString("header"));
      return wrap("channel", ctx.identity().client().channels().create(channel));
    }
  }

  static final class AddChannelMemberTool extends MattermostTool {
    AddChannelMemberTool(Setup setup) {
      super(setup, "add_channel_member", "Add a channel member",
          "Adds a user to a channel. Adding a member twice changes nothing.", memberInput(),
          output("member", "object"), Kind.SET, ChannelTools::noChannel, "add members to this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String channel = ctx.args().id("channel_id", MessagingTools.CHANNEL_HINT);
      String user = ctx.args().id("user_id", USER_HINT);
      return wrap("member", ctx.identity().client().channels().addMember(channel, user));
    }
  }

  static final class RemoveChannelMemberTool extends MattermostTool {
    RemoveChannelMemberTool(Setup setup) {
      super(setup, "remove_channel_member", "Remove a channel member",
          "Removes a user from a channel.", memberInput(),
          JsonSchema.object().field("removed", "boolean").field("channel_id", "string").field("user_id", "string")
              .required("removed"),
          Kind.REMOVE, ChannelTools::noChannel, "remove members from this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      String channel = ctx.args().id("channel_id", MessagingTools.CHANNEL_HINT);
      String user = ctx.args().id("user_id", USER_HINT);
      ctx.identity().client().channels().removeMember(channel, user);
      return JsonRpc.JSON.createObjectNode().put("removed", true).put("channel_id", channel).put("user_id", user);
    }
  }

  static final class GetChannelMembersTool extends MattermostTool {
    GetChannelMembersTool(Setup setup) {
      super(setup, "get_channel_members", "List a channel's members",
          "Lists a channel's members (user_id, roles, last_viewed_at), a page at a time.",
          JsonSchema.object().string("channel_id", "the channel").integer("page", 0, 10_000, 0)
              .integer("per_page", 1, 200, 60).required("channel_id").closed(),
          output("members", "array"), Kind.READ, ChannelTools::noChannel, "read this channel's members");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String channel = a.id("channel_id", MessagingTools.CHANNEL_HINT);
      return wrap("members", ctx.reads().members(ctx.identity(), channel, a.integer("page", 0, 10_000, 0),
          a.integer("per_page", 1, 200, 60)));
    }
  }
}
