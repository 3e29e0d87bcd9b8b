package io.mmpipe.gateway.limits;

import java.time.Duration;

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
 * @param maxBodyBytes         GATEWAY_MAX_BODY_BYTES (1048576): the largest request body on any route, by
 *                             {@code Content-Length} or, chunked, as read (413 beyond)
 * @param maxTcpConnections    GATEWAY_MAX_TCP_CONNECTIONS (20000): TCP connections accepted at once, idle ones
 *                             included; past it the server stops accepting until one closes (null: the default)
 * @param idleTimeout          GATEWAY_IDLE_TIMEOUT (30s): a connection with no traffic either way for this long is
 *                             closed, so an idle socket does not hold a slot of the limit above (null: the default)
 */
public record LimitSettings(double ratePerSecond, int rateBurst, int rateKeys, int streamsPerPrincipal,
                            int maxConnections, int maxBodyBytes, Integer maxTcpConnections, Duration idleTimeout) {

  public static final int DEFAULT_MAX_TCP_CONNECTIONS = 20_000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public LimitSettings {
    maxTcpConnections = maxTcpConnections == null ? DEFAULT_MAX_TCP_CONNECTIONS : maxTcpConnections;
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    if (ratePerSecond <= 0 || rateBurst < 1 || rateKeys < 1 || streamsPerPrincipal < 1 || maxConnections < 1
        || maxBodyBytes < 1024 || maxTcpConnections < 1 || idleTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("invalid limits: " + this);
    }
  }

  /** The limits with the default TCP connection limit and idle timeout. */
  public LimitSettings(double ratePerSecond, int rateBurst, int rateKeys, int streamsPerPrincipal,
                       int maxConnections, int maxBodyBytes) {
    this(ratePerSecond, rateBurst, rateKeys, streamsPerPrincipal, maxConnections, maxBodyBytes, null, null);
  }

  public static LimitSettings defaults() {
    return new LimitSettings(100, 200, 10_000, 100, 10_000, 1024 * 1024);
  }
}
