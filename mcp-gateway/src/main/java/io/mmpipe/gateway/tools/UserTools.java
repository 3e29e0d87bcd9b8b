package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.mattermost.rest.UsersApi;
import java.util.List;

/** Users: who the token is, looking users up, statuses. */
final class UserTools {

  private UserTools() {}

  static List<MattermostTool> all(MattermostTool.Setup setup) {
    return List.of(new GetMeTool(setup), new GetUserTool(setup), new SearchUsersTool(setup),
        new GetUserStatusTool(setup), new SetUserStatusTool(setup));
  }

  static String noUser(ToolArgs a) {
    return "no user with id " + a.optionalString("user_id");
  }

  static JsonSchema userIdInput() {
    return JsonSchema.object().string("user_id", "the user").required("user_id").closed();
  }

  static final class GetMeTool extends MattermostTool {
    GetMeTool(Setup setup) {
      super(setup, "get_me", "Who am I",
          "The Mattermost user the tools act as (id, username, names, roles).",
          JsonSchema.object().closed(), output("user", "object"), Kind.READ, a -> "no current user",
          "read its own user");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      return wrap("user", ctx.reads().me(ctx.identity()));
    }
  }

  static final class GetUserTool extends MattermostTool {
    GetUserTool(Setup setup) {
      super(setup, "get_user", "Read a user",
          "Reads a user: username, first and last name, nickname, position, roles, timezone.",
          userIdInput(), output("user", "object"), Kind.READ, UserTools::noUser, "read this user");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      return wrap("user", ctx.reads().user(ctx.identity(), ctx.args().id("user_id", ChannelTools.USER_HINT)));
    }
  }

  static final class SearchUsersTool extends MattermostTool {
    SearchUsersTool(Setup setup) {
      super(setup, "search_users", "Search users",
          "Finds users whose username, name, nickname or email starts with a term; optionally within a team.",
          JsonSchema.object().string("term", "the start of a name").string("team_id", "only this team (optional)")
              .integer("limit", 1, 200, 20).required("term").closed(),
          output("users", "array"), Kind.READ, a -> "no team with id " + a.optionalString("team_id"),
          "search users");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String term = a.text("term", 200);
      return wrap("users", ctx.reads().searchUsers(ctx.identity(), term,
          a.optionalId("team_id", "list_teams gives the ids"), a.integer("limit", 1, 200, 20)));
    }
  }

  static final class GetUserStatusTool extends MattermostTool {
    GetUserStatusTool(Setup setup) {
      super(setup, "get_user_status", "Read a user's status",
          "A user's status: online, away, dnd or offline, with manual and last_activity_at.",
          userIdInput(), output("status", "object"), Kind.READ, UserTools::noUser, "read this user's status");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      return wrap("status", ctx.reads().status(ctx.identity(), ctx.args().id("user_id", ChannelTools.USER_HINT)));
    }
  }

  static final class SetUserStatusTool extends MattermostTool {
    SetUserStatusTool(Setup setup) {
      super(setup, "set_user_status", "Set a status",
          "Sets the token's user's status (or another user's, for an admin token): online, away, dnd, offline.",
          JsonSchema.object().oneOf("status", "online", "away", "dnd", "offline")
              .string("user_id", "whose status (default: the token's user)").required("status").closed(),
          output("status", "object"), Kind.SET, UserTools::noUser, "set this user's status");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String status = a.oneOf("status", UsersApi.STATUSES, null);
      String user = a.optionalId("user_id", ChannelTools.USER_HINT);
      if (user == null) {
        user = ctx.reads().me(ctx.identity()).path("id").asText();
      }
      return wrap("status", ctx.identity().client().users().setStatus(user, status));
    }
  }
}
