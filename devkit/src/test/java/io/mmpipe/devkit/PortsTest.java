package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** A plan's ports are distinct even when the system hands the same free port out twice in a row. */
class PortsTest {

  @Test
  void shouldSkipAPortTheSourceRepeats() {
    Iterator<Integer> source = List.of(5, 5, 6, 5, 7).iterator();
    IntSupplier ports = Ports.distinct(source::next);
    assertThat(List.of(ports.getAsInt(), ports.getAsInt(), ports.getAsInt())).containsExactly(5, 6, 7);
  }

  @Test
  void shouldGiveUpWhenTheSourceOnlyRepeats() {
    IntSupplier ports = Ports.distinct(() -> 9);
    assertThat(ports.getAsInt()).isEqualTo(9);
    assertThatThrownBy(ports::getAsInt).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 given");
  }

  @Test
  void shouldHandOutDistinctFreeLoopbackPorts() {
    IntSupplier ports = Ports.distinct();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      assertThat(seen.add(ports.getAsInt())).isTrue();
    }
  }
}
