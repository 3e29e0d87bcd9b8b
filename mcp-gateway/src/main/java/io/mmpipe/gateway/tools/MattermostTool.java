package io.mmpipe.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mattermost.FailureText;
import io.mmpipe.gateway.mattermost.MattermostAccess.Identity;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.JsonSchema;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.mcp.ToolSpec;
import io.mmpipe.gateway.security.ScopeGuard;
import io.mmpipe.mattermost.rest.MattermostApiException;

/**
 * What every Mattermost tool shares: the write switch, reading the arguments, acting with the caller's identity and
 * turning failures into {@code isError} results a model can act on ({@link FailureText}). A tool states its spec and
 * {@link #run}; it never catches Mattermost failures itself.
 */
public abstract class MattermostTool implements McpTool {

  /** Where a tool runs: its identity's client, the cached reads, its arguments. */
  public record Context(Identity identity, MattermostReads reads, ToolArgs args) {

    /** The team: the {@code team_id} argument, else MATTERMOST_TEAM_ID, else the identity's first team. */
    public String team() {
      String team = reads.team(identity, args.optionalId("team_id", "list_teams gives the ids"));
      if (team == null) {
        throw new ToolArgs.BadArgument("team_id is required: the token's user is in no team and "
            + "MATTERMOST_TEAM_ID is not set; list_teams gives the ids");
      }
      return team;
    }
  }

  /** What a failure is about: the 404 and 403 wording, from the arguments. */
  @FunctionalInterface
  protected interface Subject {
    String notFound(ToolArgs args);
  }

  private final ToolSpec spec;
  private final boolean write;
  private final MattermostReads reads;
  private final boolean writesAllowed;
  private final Subject subject;
  private final String action;

  /**
   * @param kind    what the tool does to Mattermost (read, or a write with its hints)
   * @param subject the 404 wording, e.g. {@code a -> "no channel with id " + a.optionalString("channel_id")}
   * @param action  the 403 wording: "the token may not {action}"
   */
  protected MattermostTool(Setup setup, String name, String title, String description, JsonSchema input,
                           JsonSchema output, Kind kind, Subject subject, String action) {
    this.spec = new ToolSpec(name, title, description, input.build(), output == null ? null : output.build(),
        kind.annotations());
    this.write = kind != Kind.READ;
    this.reads = setup.reads();
    this.writesAllowed = setup.writesAllowed();
    this.subject = subject;
    this.action = action;
  }

  /** What a tool needs from the catalog. */
  public record Setup(MattermostReads reads, boolean writesAllowed) {}

  /** Reads, and the three shapes of writes (their MCP annotations). */
  public enum Kind {
    READ(true, false, true),
    /** Creates something new each time (a post, a channel, a file). */
    CREATE(false, false, false),
    /** Sets a state; doing it twice is doing it once (a reaction, a status, a membership, an edit). */
    SET(false, false, true),
    /** Removes something (a post, a reaction, a member). */
    REMOVE(false, true, true);

    private final boolean readOnly;
    private final boolean destructive;
    private final boolean idempotent;

    Kind(boolean readOnly, boolean destructive, boolean idempotent) {
      this.readOnly = readOnly;
      this.destructive = destructive;
      this.idempotent = idempotent;
    }

    ObjectNode annotations() {
      return JsonRpc.JSON.createObjectNode().put("readOnlyHint", readOnly).put("destructiveHint", destructive)
          .put("idempotentHint", idempotent).put("openWorldHint", true);
    }
  }

  /**
   * Does the work; answers the structured result. Throws {@link ToolArgs.BadArgument} (or another
   * IllegalArgumentException about an argument) or Mattermost's failures.
   */
  protected abstract ObjectNode run(Context ctx);

  @Override
  public final ToolSpec spec() {
    return spec;
  }

  /** Whether the tool changes Mattermost (then it is listed and runs only with GATEWAY_ALLOW_WRITES=true). */
  public final boolean write() {
    return write;
  }

  @Override
  public final ToolResult call(Call call, ObjectNode arguments) {
    if (write && !writesAllowed) {
      return ToolResult.error(spec.name() + " changes Mattermost, and this gateway is read-only: writes are off "
          + "unless the operator sets GATEWAY_ALLOW_WRITES=true");
    }
    String refusal = ScopeGuard.toolRefusal(call.principal(), spec.name(), arguments);
    if (refusal != null) {
      return ToolResult.error(refusal);
    }
    ToolArgs args = new ToolArgs(arguments);
    try {
      return ToolResult.data(run(new Context(reads.access().of(call.principal()), reads, args)));
    } catch (IllegalArgumentException e) {
      // BadArgument, or the client's own checks of an argument (a channel name, a query's combination)
      return ToolResult.error(spec.name() + ": " + e.getMessage());
    } catch (MattermostApiException e) {
      String notFound;
      try {
        notFound = subject.notFound(args);
      } catch (ToolArgs.BadArgument bad) {
        notFound = "Mattermost found nothing for this request";
      }
      return ToolResult.error(spec.name() + ": " + FailureText.describe(e, notFound, action));
    }
  }

  /** {@code {field: value}}, the usual structured result. */
  protected static ObjectNode wrap(String field, JsonNode value) {
    ObjectNode out = JsonRpc.JSON.createObjectNode();
    out.set(field, value);
    return out;
  }

  /** An output schema of one field of a JSON type. */
  protected static JsonSchema output(String field, String type) {
    return JsonSchema.object().field(field, type).required(field);
  }
}
