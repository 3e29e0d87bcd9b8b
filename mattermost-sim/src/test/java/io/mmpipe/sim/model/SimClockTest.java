package io.mmpipe.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimClockTest {

  @Test
  void shouldBumpByOneWhenTheWallClockHasNotMoved() {
    SimClock clock = new SimClock(() -> 1000);
    assertThat(clock.next()).isEqualTo(1000);
    assertThat(clock.next()).isEqualTo(1001);
    assertThat(clock.next()).isEqualTo(1002);
  }

  @Test
  void shouldNeverGoBackWhenTheWallClockDoes() {
    long[] wall = {5000};
    SimClock clock = new SimClock(() -> wall[0]);
    assertThat(clock.next()).isEqualTo(5000);
    wall[0] = 4000;
    assertThat(clock.next()).isEqualTo(5001);
    wall[0] = 9000;
    assertThat(clock.next()).isEqualTo(9000);
  }
}
