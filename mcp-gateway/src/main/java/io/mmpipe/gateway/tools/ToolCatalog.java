package io.mmpipe.gateway.tools;

import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.McpTool;
import io.mmpipe.gateway.mcp.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Mattermost tools and which of them a gateway offers: all, or those GATEWAY_ENABLED_TOOLS names; write tools
 * listed only with GATEWAY_ALLOW_WRITES=true (otherwise they stay callable and refuse, saying why).
 */
public final class ToolCatalog {

  /** The pipeline's own tools (registered by the composition root, narrowed by the same list). */
  public static final List<String> PIPELINE = List.of("pipeline_status", "wait_for_updates", "push_stream");

  /** The operation tools (package io.mmpipe.gateway.ops; registered by the composition root, narrowed likewise). */
  public static final List<String> OPERATIONS = List.of("export_channel_history", "get_operation", "cancel_operation");

  /** Every tool name a gateway may offer, for checking GATEWAY_ENABLED_TOOLS at startup. */
  public static final List<String> KNOWN = Stream.concat(Stream.concat(PIPELINE.stream(), OPERATIONS.stream()),
      tools(new MattermostTool.Setup(null, false)).stream().map(t -> t.spec().name())).toList();

  private ToolCatalog() {}

  /** Every Mattermost tool, in the order {@code tools/list} shows them. */
  static List<MattermostTool> tools(MattermostTool.Setup setup) {
    List<MattermostTool> all = new ArrayList<>();
    all.addAll(MessagingTools.all(setup));
    all.addAll(ReadingTools.all(setup));
    all.addAll(ChannelTools.all(setup));
    all.addAll(UserTools.all(setup));
    all.addAll(TeamAndFileTools.all(setup));
    return all;
  }

  /** Whether GATEWAY_ENABLED_TOOLS (empty: everything) lets a tool be offered. */
  public static boolean enabled(List<String> enabledTools, String name) {
    return enabledTools.isEmpty() || enabledTools.contains(name);
  }

  /** Registers the enabled pipeline tools. */
  public static void registerPipeline(ToolRegistry registry, List<String> enabledTools, List<McpTool> tools) {
    tools.stream().filter(t -> enabled(enabledTools, t.spec().name())).forEach(registry::register);
  }

  /**
   * Registers the enabled Mattermost tools.
   *
   * @return how many are listed
   */
  public static int registerMattermost(ToolRegistry registry, MattermostReads reads, boolean allowWrites,
                                       List<String> enabledTools) {
    int listed = 0;
    for (MattermostTool t : tools(new MattermostTool.Setup(reads, allowWrites))) {
      if (!enabled(enabledTools, t.spec().name())) {
        continue;
      }
      if (t.write() && !allowWrites) {
        registry.registerUnlisted(t);
      } else {
        registry.register(t);
        listed++;
      }
    }
    return listed;
  }
}
