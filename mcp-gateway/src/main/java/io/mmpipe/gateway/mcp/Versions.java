package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** The MCP protocol versions the gateway speaks, by era. */
public final class Versions {

  /** The stateless release. */
  public static final String MODERN = "2026-07-28";
  /** The last session release; answered to clients asking for a version we do not know. */
  public static final String LEGACY_LATEST = "2025-11-25";
  /** What a legacy request without {@code MCP-Protocol-Version} is assumed to speak. */
  public static final String LEGACY_DEFAULT = "2025-03-26";
  public static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");
  public static final List<String> ALL = List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");

  private Versions() {}

  public static boolean isLegacy(String v) {
    return LEGACY.contains(v);
  }

  public static ArrayNode all() {
    ArrayNode a = JsonRpc.JSON.createArrayNode();
    ALL.forEach(a::add);
    return a;
  }
}
