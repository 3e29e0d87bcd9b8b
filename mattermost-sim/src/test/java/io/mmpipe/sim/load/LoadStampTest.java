package io.mmpipe.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadStampTest {

  @Test
  void shouldFindTheStampItWroteInsideAnEventsJson() {
    LoadStamp stamp = new LoadStamp(17, 1_764_680_000_123_456L, 250);
    assertThat(stamp.message()).isEqualTo("load post 17 due-us=1764680000123456 late-us=250");
    String json = "{\"event_id\":\"post_abc\",\"message\":\"" + stamp.message() + "\",\"x\":1}";
    assertThat(LoadStamp.find(json)).contains(stamp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "load post ", "load post x due-us=1 late-us=2", "load post 1 due-us= late-us=2",
      "load post 1 due-us=5", "load post 1 due-us=5 late-us=", "load post 1due-us=5 late-us=1",
      "load post 1 due-us=99999999999999999999 late-us=1"})
  void shouldFindNoStampInOtherText(String text) {
    assertThat(LoadStamp.find(text)).isEmpty();
  }

  @Test
  void shouldRefuseNegativeNumbers() {
    assertThatThrownBy(() -> new LoadStamp(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
