package io.mmpipe.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {

  @Test
  void shouldReadPlainLinesInOrder() {
    assertThat(EnvFile.parse("t", "# c\n\nB=2\nA=\nC=x,y:z/1\n"))
        .containsExactly(Map.entry("B", "2"), Map.entry("A", ""), Map.entry("C", "x,y:z/1"));
  }

  @Test
  void shouldRefuseWhatDockerAndAShellWouldReadDifferently() {
    for (String bad : List.of("A=${B:-x}", "A=\"quoted\"", "lower=x", "A = b", "export A=b", "A=b c")) {
      assertThatThrownBy(() -> EnvFile.parse("t.env", "GOOD=1\n" + bad + "\n")).as(bad)
          .hasMessageContaining("not a plain KEY=VALUE");
    }
    assertThatThrownBy(() -> EnvFile.parse("t.env", "A=1\nA=2\n")).hasMessageContaining("A set twice");
  }
}
