package io.mmpipe.gateway.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.RequestStates;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gateways without MCP_STATE_KEY agree on one key through Redis; without Redis each keeps its own. */
class SharedStateKeyIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @Test
  void shouldGiveEveryGatewayOfOneRedisTheSameKeyAndAnotherPrefixItsOwn() {
    String prefix = "t-" + UUID.randomUUID() + ":";
    byte[] first = SharedStateKey.agree(URI.create(REDIS.url()), prefix).orElseThrow();
    byte[] second = SharedStateKey.agree(URI.create(REDIS.url()), prefix).orElseThrow();
    assertThat(second).isEqualTo(first);
    assertThat(first).hasSizeGreaterThanOrEqualTo(16);
    byte[] other = SharedStateKey.agree(URI.create(REDIS.url()), "t-" + UUID.randomUUID() + ":").orElseThrow();
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void shouldLetOneGatewayAcceptAStateAnotherSigned() {
    String prefix = "t-" + UUID.randomUUID() + ":";
    RequestStates a = new RequestStates(SharedStateKey.agree(URI.create(REDIS.url()), prefix).orElseThrow(),
        Duration.ofMinutes(10), Clock.systemUTC());
    RequestStates b = new RequestStates(SharedStateKey.agree(URI.create(REDIS.url()), prefix).orElseThrow(),
        Duration.ofMinutes(10), Clock.systemUTC());
    RequestStates alone = new RequestStates(RequestStates.randomKey(), Duration.ofMinutes(10), Clock.systemUTC());
    String state = a.sign("tools/call", "create_post", STATE);
    assertThat(b.verify(state, "tools/call", "create_post").path("round").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> alone.verify(state, "tools/call", "create_post")).isInstanceOf(McpError.class)
        .hasMessageContaining("signed with another key");
  }

  @Test
  void shouldAnswerEmptyWhenRedisCannotBeReached() {
    assertThat(SharedStateKey.agree(URI.create("redis://127.0.0.1:1"), "x:")).isEmpty();
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode STATE =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("round", 1);
}
