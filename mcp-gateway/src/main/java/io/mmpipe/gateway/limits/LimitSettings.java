package io.mmpipe.gateway.limits;

/**
 * The gateway's request limits (every one a bound on memory or work an outsider can cause).
 *
 * @param ratePerSecond        GATEWAY_RATE_PER_SECOND (100): requests a principal may keep sending per second to
 *                             {@code POST /mcp} and {@code /v1/*}
 * @param rateBurst            GATEWAY_RATE_BURST (200): requests a principal may send at once
 * @param rateKeys             GATEWAY_RATE_KEYS (10000): principals whose buckets are remembered (least recently
 *                             used forgotten past it)
 * @param streamsPerPrincipal  GATEWAY_MAX_STREAMS_PER_PRINCIPAL (100): concurrent SSE, WebSocket and MCP streams of
 *                             one principal
 * @param maxConnections       GATEWAY_MAX_CONNECTIONS (10000): open TCP connections per instance; a request on one
 *                             past it is answered 503
 * @param maxBodyBytes         GATEWAY_MAX_BODY_BYTES (1048576): the largest request body on {@code /mcp} and
 *                             {@code /v1/*} (413 beyond)
 */
public record LimitSettings(double ratePerSecond, int rateBurst, int rateKeys, int streamsPerPrincipal,
                            int maxConnections, int maxBodyBytes) {

  public LimitSettings {
    if (ratePerSecond <= 0 || rateBurst < 1 || rateKeys < 1 || streamsPerPrincipal < 1 || maxConnections < 1
        || maxBodyBytes < 1024) {
      throw new IllegalArgumentException("invalid limits: " + this);
    }
  }

  public static LimitSettings defaults() {
    return new LimitSettings(100, 200, 10_000, 100, 10_000, 1024 * 1024);
  }
}
