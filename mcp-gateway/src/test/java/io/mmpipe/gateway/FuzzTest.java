package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fuzz tests' check fails on what it is there to catch, and the generator is reproducible by seed. */
class FuzzTest {

  @Test
  void shouldRejectA500AndAStackTraceAndAcceptACleanRefusal() {
    assertThatThrownBy(() -> Fuzz.assertClean("t", 1, "in", 500, "{\"error\":\"internal\"}"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Fuzz.assertClean("t", 2, "in", 502, "bad gateway"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Fuzz.assertClean("t", 3, "in", 400,
        "java.lang.IllegalStateException: boom\n\tat io.mmpipe.gateway.mcp.McpHandler.post(McpHandler.java:42)"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Fuzz.assertClean("t", 4, "in", 400, "{\"message\":\"NullPointerException\"}"))
        .isInstanceOf(AssertionError.class);
    Fuzz.assertClean("t", 5, "in", 400, "{\"error\":\"invalid_filter\",\"message\":\"at most 16 channels\"}");
    Fuzz.assertClean("t", 6, "in", 503, "{\"error\":\"too_many_subscribers\"}");
  }

  @Test
  void shouldGenerateTheSameInputsFromTheSameSeed() {
    var seed = Fuzz.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":[1,{\"b\":2}]}}");
    for (long s = 0; s < 50; s++) {
      assertThat(new Fuzz(s).mutate(seed)).isEqualTo(new Fuzz(s).mutate(seed));
    }
  }
}
