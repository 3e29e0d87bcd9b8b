package io.mmpipe.devstack;

/**
 * What {@code ./mmpipe demo} prints (indented like the rest of its banner) so an MCP client can be pointed at the
 * gateway by pasting one thing.
 */
final class McpClientSetups {

  private McpClientSetups() {}

  /**
   * @param mcpUrl the gateway's MCP endpoint, e.g. {@code http://localhost:8080/mcp}
   * @param writes whether the gateway offers the tools that change Mattermost
   */
  static String text(String mcpUrl, boolean writes) {
    return """
          MCP         %s   (tools: %s)
            Claude Code   claude mcp add --transport http mmpipe %s
            VS Code       .vscode/mcp.json:
                          {"servers": {"mmpipe": {"type": "http", "url": "%s"}}}
            Inspector     npx @modelcontextprotocol/inspector --cli %s --transport http --method tools/list
        """.formatted(mcpUrl, writes ? "reads and writes (GATEWAY_ALLOW_WRITES=true)"
            : "read-only; GATEWAY_ALLOW_WRITES=true ./mmpipe demo adds the write tools", mcpUrl, mcpUrl, mcpUrl);
  }
}
