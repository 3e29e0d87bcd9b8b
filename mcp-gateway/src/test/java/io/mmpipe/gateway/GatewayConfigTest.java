package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.gateway.limits.LimitSettings;
import io.mmpipe.gateway.ws.WsSettings;
import io.mmpipe.runtime.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void shouldUseDocumentedDefaults() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(c.redisUrl()).isNull();
    assertThat(c.mattermostUrl()).isNull();
    assertThat(c.sseKeepAlive()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.sseBuffer()).isEqualTo(1000);
    assertThat(c.ringCapacity()).isGreaterThan(c.sseBuffer());
    assertThat(c.topicPartitions()).isEqualTo(6);
    assertThat(c.topics().updates().name()).isEqualTo("mm.updates");
    assertThat(c.instanceId()).isNotBlank();
  }

  @Test
  void shouldReadEveryVariable() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.ofEntries(Map.entry("GATEWAY_PORT", "0"),
        Map.entry("GATEWAY_BIND", "0.0.0.0"), Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k:1"),
        Map.entry("KAFKA_CLIENT_ID", "x"), Map.entry("MMPIPE_TOPIC_PREFIX", "p."),
        Map.entry("REDIS_URL", "redis://r:6379"), Map.entry("MATTERMOST_URL", "http://mm:8065"),
        Map.entry("SSE_KEEPALIVE", "500ms"), Map.entry("SSE_BUFFER", "10"), Map.entry("SSE_MAX_SUBSCRIBERS", "3"),
        Map.entry("GATEWAY_INSTANCE_ID", "gw-1"), Map.entry("GATEWAY_ALLOWED_ORIGINS", "https://a, https://b")));
    assertThat(c.port()).isZero();
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "k:1").containsEntry("client.id", "x");
    assertThat(c.topics().updates().name()).isEqualTo("p.mm.updates");
    assertThat(c.redisUrl()).hasToString("redis://r:6379");
    assertThat(c.mattermostUrl()).hasToString("http://mm:8065");
    assertThat(c.sseKeepAlive()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.sseBuffer()).isEqualTo(10);
    assertThat(c.sseMaxSubscribers()).isEqualTo(3);
    assertThat(c.instanceId()).isEqualTo("gw-1");
    assertThat(c.allowedOrigins()).containsExactly("https://a", "https://b");
    assertThat(c.cacheGroupId()).isEqualTo("p.mmpipe-gateway-cache");
  }

  @Test
  void shouldReadTheLimitsWithTheirDocumentedDefaults() {
    assertThat(GatewayConfig.fromEnv(Map.of()).limits())
        .isEqualTo(new LimitSettings(100, 200, 10_000, 100, 10_000, 1024 * 1024));
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("GATEWAY_RATE_PER_SECOND", "5", "GATEWAY_RATE_BURST", "7",
        "GATEWAY_RATE_KEYS", "11", "GATEWAY_MAX_STREAMS_PER_PRINCIPAL", "3", "GATEWAY_MAX_CONNECTIONS", "13",
        "GATEWAY_MAX_BODY_BYTES", "2048"));
    assertThat(c.limits()).isEqualTo(new LimitSettings(5, 7, 11, 3, 13, 2048));
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_MAX_BODY_BYTES", "10",
        "GATEWAY_MAX_CONNECTIONS", "0"))).isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("GATEWAY_MAX_BODY_BYTES").hasMessageContaining("GATEWAY_MAX_CONNECTIONS");
  }

  @Test
  void shouldReadTheTcpConnectionLimitAndTheIdleTimeout() {
    LimitSettings d = GatewayConfig.fromEnv(Map.of()).limits();
    assertThat(d.maxTcpConnections()).isEqualTo(20_000);
    assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    LimitSettings c = GatewayConfig.fromEnv(Map.of("GATEWAY_MAX_TCP_CONNECTIONS", "50",
        "GATEWAY_IDLE_TIMEOUT", "90s")).limits();
    assertThat(c.maxTcpConnections()).isEqualTo(50);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_MAX_TCP_CONNECTIONS", "0")))
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining("GATEWAY_MAX_TCP_CONNECTIONS");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_IDLE_TIMEOUT", "10s")))
        .as("shorter than the SSE keep-alive period (15s): quiet streams would be cut")
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining("GATEWAY_IDLE_TIMEOUT");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_IDLE_TIMEOUT", "2h")))
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining("GATEWAY_IDLE_TIMEOUT");
  }

  @Test
  void shouldBoundTheBroadcastRingAndTheSendTimeout() {
    GatewayConfig d = GatewayConfig.fromEnv(Map.of());
    assertThat(d.broadcastRing()).isEqualTo(1000);
    assertThat(d.broadcastTimeout()).isEqualTo(Duration.ofSeconds(10));
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("BROADCAST_RING", "4", "BROADCAST_SEND_TIMEOUT", "3s"));
    assertThat(c.broadcastRing()).isEqualTo(4);
    assertThat(c.broadcastTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("BROADCAST_RING", "1", "BROADCAST_SEND_TIMEOUT", "1s")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("BROADCAST_RING").hasMessageContaining("BROADCAST_SEND_TIMEOUT");
  }

  @Test
  void shouldReadTheWebSocketLimitsAndRefuseOutOfRangeOnes() {
    assertThat(GatewayConfig.fromEnv(Map.of()).ws()).isEqualTo(WsSettings.defaults());
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("GATEWAY_WS_MAX_FRAME", "1024", "GATEWAY_WS_MAX_CONNECTIONS", "5",
        "GATEWAY_WS_MAX_SUBSCRIPTIONS", "2", "GATEWAY_WS_COMMAND_BURST", "3", "GATEWAY_WS_COMMANDS_PER_SECOND", "4",
        "GATEWAY_WS_SEND_TIMEOUT", "5s"));
    assertThat(c.ws().maxFrameBytes()).isEqualTo(1024);
    assertThat(c.ws().maxConnections()).isEqualTo(5);
    assertThat(c.ws().maxSubscriptions()).isEqualTo(2);
    assertThat(c.ws().burst()).isEqualTo(3);
    assertThat(c.ws().perSecond()).isEqualTo(4.0);
    assertThat(c.ws().sendTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_WS_MAX_FRAME", "100", "GATEWAY_WS_MAX_CONNECTIONS",
        "0", "GATEWAY_WS_MAX_SUBSCRIPTIONS", "1001", "GATEWAY_WS_COMMAND_BURST", "x",
        "GATEWAY_WS_COMMANDS_PER_SECOND", "0", "GATEWAY_WS_SEND_TIMEOUT", "500ms")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("GATEWAY_WS_MAX_FRAME").hasMessageContaining("GATEWAY_WS_MAX_CONNECTIONS")
        .hasMessageContaining("GATEWAY_WS_MAX_SUBSCRIPTIONS").hasMessageContaining("GATEWAY_WS_COMMAND_BURST")
        .hasMessageContaining("GATEWAY_WS_COMMANDS_PER_SECOND").hasMessageContaining("GATEWAY_WS_SEND_TIMEOUT");
  }

  @Test
  void shouldReportAllProblemsAtOnce() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_PORT", "http", "SSE_BUFFER", "-1",
        "REDIS_URL", "not a url", "SSE_KEEPALIVE", "soon")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("GATEWAY_PORT").hasMessageContaining("SSE_BUFFER")
        .hasMessageContaining("REDIS_URL").hasMessageContaining("SSE_KEEPALIVE");
  }

  @Test
  void shouldReadTheStateKeyHiddenAndRefuseAShortOne() {
    assertThat(GatewayConfig.fromEnv(Map.of()).mcpStateKey()).isNull();
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("MCP_STATE_KEY", "0123456789abcdef-shared"));
    assertThat(c.mcpStateKey().reveal()).isEqualTo("0123456789abcdef-shared");
    assertThat(c.toString()).doesNotContain("0123456789abcdef-shared");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MCP_STATE_KEY", "short")))
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining("MCP_STATE_KEY");
  }

  @Test
  void shouldReadTheMattermostToolSettingsWithWritesOffByDefault() {
    GatewayConfig off = GatewayConfig.fromEnv(Map.of());
    assertThat(off.mattermostToken()).isNull();
    assertThat(off.allowWrites()).isFalse();
    assertThat(off.enabledTools()).isEmpty();
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("MATTERMOST_URL", "http://mm:8065", "MATTERMOST_TOKEN", "tok",
        "MATTERMOST_TEAM_ID", "team1", "GATEWAY_ALLOW_WRITES", "true",
        "GATEWAY_ENABLED_TOOLS", "get_me, send_message,pipeline_status"));
    assertThat(c.mattermostToken().reveal()).isEqualTo("tok");
    assertThat(c.toString()).doesNotContain("tok,").doesNotContain("=tok");
    assertThat(c.mattermostTeamId()).isEqualTo("team1");
    assertThat(c.allowWrites()).isTrue();
    assertThat(c.enabledTools()).containsExactly("get_me", "send_message", "pipeline_status");
  }

  @Test
  void shouldRefuseUnknownToolNamesAndATokenWithoutAnUrl() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MATTERMOST_TOKEN", "tok",
        "GATEWAY_ENABLED_TOOLS", "get_me,post_everything")))
        .isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("unknown tool 'post_everything'")
        .hasMessageContaining("MATTERMOST_URL")
        .hasMessageNotContaining("tok,");
  }

  @Test
  void shouldRefuseToServeBeyondLoopbackWithoutAuthenticationAndSayWhy() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_BIND", "0.0.0.0")))
        .isInstanceOf(Env.ConfigException.class).hasMessageContaining("not a loopback address")
        .hasMessageContaining("GATEWAY_API_TOKENS");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_BIND", "0.0.0.0", "GATEWAY_API_TOKENS", "a=b",
        "GATEWAY_ANONYMOUS", "true"))).isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("GATEWAY_ANONYMOUS=true needs GATEWAY_BIND on a loopback address");
    assertThat(GatewayConfig.fromEnv(Map.of("GATEWAY_BIND", "0.0.0.0", "GATEWAY_API_TOKENS", "a=b")).access()
        .anonymous()).isFalse();
    assertThat(GatewayConfig.fromEnv(Map.of("GATEWAY_BIND", "0.0.0.0", "MATTERMOST_URL", "http://mm:8065"))
        .access().mattermostUsers()).isTrue();
  }

  @Test
  void shouldLetLoopbackBeAnonymousUnlessApiTokensAreSet() {
    GatewayConfig local = GatewayConfig.fromEnv(Map.of());
    assertThat(local.access().anonymous()).isTrue();
    assertThat(local.access().mattermostUsers()).isFalse();
    assertThat(local.access().ttl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(GatewayConfig.fromEnv(Map.of("GATEWAY_API_TOKENS", "a=b")).access().anonymous()).isFalse();
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("GATEWAY_PRINCIPAL_TTL", "0s",
        "GATEWAY_MATTERMOST_USERS", "true"))).isInstanceOf(Env.ConfigException.class)
        .hasMessageContaining("GATEWAY_PRINCIPAL_TTL").hasMessageContaining("needs MATTERMOST_URL");
  }
}
