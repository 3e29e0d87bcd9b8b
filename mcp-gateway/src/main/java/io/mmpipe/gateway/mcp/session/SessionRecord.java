package io.mmpipe.gateway.mcp.session;

import java.util.Set;

/**
 * A legacy-era session as every gateway instance sees it.
 *
 * @param id                 the {@code Mcp-Session-Id} (cryptographically random, visible ASCII)
 * @param protocolVersion    the negotiated version
 * @param clientCapabilities the client's {@code capabilities} object, as JSON text
 * @param clientInfo         the client's {@code clientInfo} object, as JSON text
 * @param logLevel           the level set by {@code logging/setLevel} (null: not set)
 * @param initialized        true once {@code notifications/initialized} arrived
 * @param subscriptions      resource uris subscribed through {@code resources/subscribe}
 */
public record SessionRecord(String id, String protocolVersion, String clientCapabilities, String clientInfo,
                            String logLevel, boolean initialized, Set<String> subscriptions) {

  public SessionRecord {
    subscriptions = Set.copyOf(subscriptions);
  }
}
