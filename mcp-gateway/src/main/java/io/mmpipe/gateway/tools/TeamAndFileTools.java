package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.mattermost.rest.FileContent;
import java.util.Base64;
import java.util.List;

/** Teams and files. */
final class TeamAndFileTools {

  /** Largest file upload_file takes and get_file returns inline (bytes); tool calls are JSON, not a file pipe. */
  static final int MAX_FILE = 5 * 1024 * 1024;

  private TeamAndFileTools() {}

  static List<MattermostTool> all(MattermostTool.Setup setup) {
    return List.of(new ListTeamsTool(setup), new UploadFileTool(setup), new GetFileTool(setup));
  }

  static final class ListTeamsTool extends MattermostTool {
    ListTeamsTool(Setup setup) {
      super(setup, "list_teams", "List my teams",
          "The teams the token's user belongs to (id, name, display_name); their ids are the team_id of other "
              + "tools.",
          JsonSchema.object().closed(), output("teams", "array"), Kind.READ, a -> "no teams",
          "list its teams");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      return wrap("teams", ctx.reads().teams(ctx.identity()));
    }
  }

  static final class UploadFileTool extends MattermostTool {
    UploadFileTool(Setup setup) {
      super(setup, "upload_file", "Upload a file",
          "Uploads a file (base64 content, at most 5 MiB) to a channel; attach it to a post by passing the "
              + "answered file id in send_message's file_ids.",
          JsonSchema.object().string("channel_id", "the channel the file is for")
              .string("filename", "the file's name, e.g. report.csv")
              .string("content_base64", "the file's bytes, base64").string("mime_type", "optional")
              .required("channel_id", "filename", "content_base64").closed(),
          output("file", "object"), Kind.CREATE, ChannelTools::noChannel, "upload files to this channel");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String channel = a.id("channel_id", MessagingTools.CHANNEL_HINT);
      String name = a.text("filename", 255);
      String base64 = a.string("content_base64");
      if (base64.length() > MAX_FILE / 3 * 4 + 4) {
        throw new ToolArgs.BadArgument("content_base64 is larger than " + MAX_FILE + " bytes");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", "")); // line breaks allowed, nothing else
      } catch (IllegalArgumentException e) {
        throw new ToolArgs.BadArgument("content_base64 is not base64: " + e.getMessage());
      }
      return wrap("file", ctx.identity().client().files().upload(channel, name, a.optionalString("mime_type"),
          bytes));
    }
  }

  static final class GetFileTool extends MattermostTool {
    GetFileTool(Setup setup) {
      super(setup, "get_file", "Read a file",
          "A file's metadata (name, extension, size, mime_type, post_id); with include_content, also its bytes "
              + "as base64 when it is at most 5 MiB.",
          JsonSchema.object().string("file_id", "the file (a post's file_ids, or upload_file's answer)")
              .field("include_content", "boolean").required("file_id").closed(),
          JsonSchema.object().field("file", "object").field("content_base64", "string").required("file"),
          Kind.READ, a -> "no file with id " + a.optionalString("file_id"), "read this file");
    }

    @Override
    protected ObjectNode run(Context ctx) {
      ToolArgs a = ctx.args();
      String id = a.id("file_id", "a post's file_ids or metadata.files list them");
      boolean content = a.bool("include_content", false);
      ObjectNode out = wrap("file", ctx.identity().client().files().info(id));
      if (content) {
        long size = out.path("file").path("size").asLong();
        if (size > MAX_FILE) {
          throw new ToolArgs.BadArgument("the file has " + size + " bytes, more than the " + MAX_FILE
              + " get_file returns inline; ask without include_content");
        }
        FileContent c = ctx.identity().client().files().download(id);
        out.put("content_base64", Base64.getEncoder().encodeToString(c.bytes()));
      }
      return out;
    }
  }
}
