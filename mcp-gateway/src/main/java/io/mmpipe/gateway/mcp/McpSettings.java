package io.mmpipe.gateway.mcp;

import java.time.Duration;

/**
 * Settings of {@code /mcp}.
 *
 * @param maxBodyBytes   largest request body accepted (413 beyond)
 * @param pageSize       items per page of the list methods
 * @param readLimit      updates a resource read returns
 * @param keepAlive      interval of {@code :} keep-alive comments on idle streams
 * @param retry          the {@code retry:} sent on the legacy GET stream
 * @param refresh        how often a GET stream re-reads its session's subscriptions (learns of ones made on
 *                       another instance)
 * @param maxStreams     concurrent GET and listen streams on this instance (503 beyond)
 * @param maxWaits       concurrent {@code wait_for_updates} calls on this instance
 * @param maxWait        longest a {@code wait_for_updates} call may wait
 * @param instanceId     this gateway instance (reported by {@code pipeline_status})
 * @param serverVersion  the version in {@code serverInfo}
 */
public record McpSettings(int maxBodyBytes, int pageSize, int readLimit, Duration keepAlive, Duration retry,
                          Duration refresh, int maxStreams, int maxWaits, Duration maxWait, String instanceId,
                          String serverVersion) {

  public McpSettings {
    if (maxBodyBytes < 1024 || pageSize < 1 || readLimit < 1 || maxStreams < 1 || maxWaits < 1) {
      throw new IllegalArgumentException("MCP limits must be positive (body at least 1 KiB)");
    }
  }

  public McpSettings withMaxStreams(int n) {
    return new McpSettings(maxBodyBytes, pageSize, readLimit, keepAlive, retry, refresh, n, maxWaits, maxWait,
        instanceId, serverVersion);
  }

  /** The defaults, with this instance's id and keep-alive. */
  public static McpSettings defaults(String instanceId, Duration keepAlive, Duration retry) {
    return new McpSettings(1 << 20, 50, 50, keepAlive, retry, Duration.ofSeconds(1), 1000, 200,
        Duration.ofSeconds(60), instanceId, "0.1.0");
  }
}
