package io.mmpipe.gateway.mcp;

/** Which protocol rules a request is served under. */
public enum Era {
  /** 2025-03-26 … 2025-11-25: {@code initialize}, sessions, the GET stream. */
  LEGACY,
  /** 2026-07-28: stateless, every request self-describing through {@code _meta}. */
  MODERN
}
