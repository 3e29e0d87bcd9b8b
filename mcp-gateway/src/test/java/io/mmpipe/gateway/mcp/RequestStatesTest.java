package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestStatesTest {

  private static final byte[] KEY = "a key shared by every gateway".getBytes(StandardCharsets.UTF_8);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final RequestStates states = new RequestStates(KEY, Duration.ofMinutes(10), clock);

  private static ObjectNode answers() {
    ObjectNode r = JsonRpc.JSON.createObjectNode();
    r.putObject("step1").put("action", "accept").putObject("content").put("name", "Alice");
    return r;
  }

  @Test
  void shouldReturnTheCollectedAnswersOfAStateItSigned() {
    String token = states.sign("tools/call", "multi_round", answers());
    assertThat(token).startsWith("1.").doesNotContain("Alice"); // opaque to a casual reader, url-safe
    assertThat(states.verify(token, "tools/call", "multi_round")).isEqualTo(answers());
  }

  @Test
  void shouldBeAcceptedByAnotherInstanceWithTheSameKey() {
    String token = states.sign("prompts/get", "p", answers());
    RequestStates other = new RequestStates(KEY.clone(), Duration.ofMinutes(10), clock);
    assertThat(other.verify(token, "prompts/get", "p")).isEqualTo(answers());
  }

  @Test
  void shouldRejectAStateSignedWithAnotherKey() {
    String token = new RequestStates(RequestStates.randomKey(), Duration.ofMinutes(10), clock)
        .sign("tools/call", "t", answers());
    assertThatThrownBy(() -> states.verify(token, "tools/call", "t"))
        .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.code()).isEqualTo(JsonRpc.INVALID_PARAMS))
        .hasMessageContaining("integrity");
  }

  @Test
  void shouldRejectATamperedPayloadOrMac() {
    String token = states.sign("tools/call", "t", answers());
    int dot = token.lastIndexOf('.');
    String payload = new String(Base64.getUrlDecoder().decode(token.substring(2, dot)), StandardCharsets.UTF_8);
    String forged = "1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.replace("Alice", "Mallory").getBytes(StandardCharsets.UTF_8)) + token.substring(dot);
    for (String bad : new String[] {forged, token + "-TAMPERED", token.substring(0, dot) + ".AAAA", "garbage", ""}) {
      assertThatThrownBy(() -> states.verify(bad, "tools/call", "t"))
          .as(bad).isInstanceOfSatisfying(McpError.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpc.INVALID_PARAMS));
    }
  }

  @Test
  void shouldRejectAStateOfAnotherRequest() {
    String token = states.sign("tools/call", "t", answers());
    assertThatThrownBy(() -> states.verify(token, "tools/call", "other")).hasMessageContaining("another request");
    assertThatThrownBy(() -> states.verify(token, "prompts/get", "t")).hasMessageContaining("another request");
  }

  @Test
  void shouldRejectAnExpiredState() {
    String token = states.sign("tools/call", "t", answers());
    clock.advance(Duration.ofMinutes(10));
    assertThat(states.verify(token, "tools/call", "t")).isNotNull(); // still valid at the limit
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> states.verify(token, "tools/call", "t")).hasMessageContaining("expired");
  }

  @Test
  void shouldRefuseAShortKey() {
    assertThatThrownBy(() -> new RequestStates(new byte[8], Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
