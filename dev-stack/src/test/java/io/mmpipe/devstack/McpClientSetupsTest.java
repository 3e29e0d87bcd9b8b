package io.mmpipe.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class McpClientSetupsTest {

  @Test
  void shouldPrintReadyToPasteSetupsForClaudeCodeVsCodeAndTheInspector() throws Exception {
    String text = McpClientSetups.text("http://localhost:8080/mcp", false);
    assertThat(text).contains("claude mcp add --transport http mmpipe http://localhost:8080/mcp")
        .contains("npx @modelcontextprotocol/inspector --cli http://localhost:8080/mcp --transport http "
            + "--method tools/list")
        .contains("GATEWAY_ALLOW_WRITES=true ./mmpipe demo");
    String vscode = text.lines().filter(l -> l.contains("\"servers\"")).findFirst().orElseThrow().trim();
    var json = new ObjectMapper().readTree(vscode);
    assertThat(json.at("/servers/mmpipe/type").asText()).isEqualTo("http");
    assertThat(json.at("/servers/mmpipe/url").asText()).isEqualTo("http://localhost:8080/mcp");
    assertThat(McpClientSetups.text("http://localhost:1/mcp", true)).contains("reads and writes");
  }
}
