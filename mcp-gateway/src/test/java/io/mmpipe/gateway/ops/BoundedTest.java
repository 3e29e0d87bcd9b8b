package io.mmpipe.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedTest {

  @Test
  void shouldForgetTheOldestBeyondItsBound() {
    Bounded<Integer> b = new Bounded<>(3);
    for (int i = 0; i < 10; i++) {
      b.put("k" + i, i);
    }
    assertThat(b.size()).isEqualTo(3);
    assertThat(b.values()).containsExactly(7, 8, 9);
    assertThat(b.get("k6")).isNull();
    b.put("k8", 80); // an update keeps its place
    assertThat(b.values()).containsExactly(7, 80, 9);
  }
}
