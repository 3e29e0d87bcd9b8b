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
 * @param stateKey       the HMAC key of {@code requestState} (shared by every instance), or null for a random one
 *                       (then only this process accepts the states it signs)
 * @param stateTtl       how long an {@code input_required} state stays valid (legacy: how long a call waits for
 *                       the client's answer)
 */
public record McpSettings(int maxBodyBytes, int pageSize, int readLimit, Duration keepAlive, Duration retry,
                          Duration refresh, int maxStreams, int maxWaits, Duration maxWait, String instanceId,
                          String serverVersion, byte[] stateKey, Duration stateTtl) {

  public McpSettings(int maxBodyBytes, int pageSize, int readLimit, Duration keepAlive, Duration retry,
                     Duration refresh, int maxStreams, int maxWaits, Duration maxWait, String instanceId,
                     String serverVersion) {
    this(maxBodyBytes, pageSize, readLimit, keepAlive, retry, refresh, maxStreams, maxWaits, maxWait, instanceId,
        serverVersion, null, Duration.ofMinutes(10));
  }

  /** With the {@code requestState} key shared by all instances. */
  public McpSettings withStateKey(byte[] key) {
    return new McpSettings(maxBodyBytes, pageSize, readLimit, keepAlive, retry, refresh, maxStreams, maxWaits,
        maxWait, instanceId, serverVersion, key, stateTtl);
  }

  /** How long a legacy call waits for the client's answer to a server-to-client request. */
  Duration inputTimeout() {
    return stateTtl;
  }

  public McpSettings {
    if (maxBodyBytes < 1024 || pageSize < 1 || readLimit < 1 || maxStreams < 1 || maxWaits < 1) {
      throw new IllegalArgumentException("MCP limits must be positive (body at least 1 KiB)");
    }
  }

  public McpSettings withMaxStreams(int n) {
    return new McpSettings(maxBodyBytes, pageSize, readLimit, keepAlive, retry, refresh, n, maxWaits, maxWait,
        instanceId, serverVersion, stateKey, stateTtl);
  }

  /** The defaults, with this instance's id and keep-alive. */
  public static McpSettings defaults(String instanceId, Duration keepAlive, Duration retry) {
    return new McpSettings(1 << 20, 50, 50, keepAlive, retry, Duration.ofSeconds(1), 1000, 200,
        Duration.ofSeconds(60), instanceId, "0.1.0");
  }
}
