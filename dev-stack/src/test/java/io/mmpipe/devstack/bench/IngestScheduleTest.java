package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.sim.SimChange;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class IngestScheduleTest {

  @Test
  void shouldCountTheLoadsChangesByPositionEvenWhenTheSimulatorsClockRanAheadOfTheWallClock() {
    long start = 10_000;
    long end = 11_000;
    // the probe before the load; then two load changes stamped 20 s ahead of the wall clock
    List<SimChange> changes = List.of(new SimChange("post_created", "probe", "c", "u", null, start - 5),
        new SimChange("post_created", "p1", "c", "u", null, end + 20_000),
        new SimChange("post_created", "p2", "c", "u", null, end + 20_001));
    Queue<IngestBench.Seen> seen = new ConcurrentLinkedQueue<>(List.of(new IngestBench.Seen("post:probe", start - 1),
        new IngestBench.Seen("post:p1", start + 100), new IngestBench.Seen("post:p2", end + 50)));
    IngestBench.Schedule s = IngestBench.schedule(changes, 1, seen, start, end, 2.0);
    assertThat(s.appendedPerSec()).isEqualTo(1.0); // p1 within the load's second; the probe is not the load's
    assertThat(s.backlog()).isEqualTo(1); // p2 appended after the load ended
    assertThat(s.drainMs()).isEqualTo(50);
    assertThat(s.latency().summary().count()).isEqualTo(2);
  }
}
