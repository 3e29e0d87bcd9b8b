package io.mmpipe.gateway.conformance;

import io.mmpipe.gateway.mcp.McpRoutes;

/** Registers every conformance fixture on {@code /mcp}, through the same registries the product uses. */
public final class ConformanceFixtures {

  private ConformanceFixtures() {}

  public static void register(McpRoutes mcp) {
    ConformanceTools.all().forEach(mcp.tools()::register);
    ConformanceTaskTools.all().forEach(mcp.tools()::register);
    mcp.resources().register(new ConformanceResources());
    ConformancePrompts.all().forEach(mcp.prompts()::register);
  }
}
