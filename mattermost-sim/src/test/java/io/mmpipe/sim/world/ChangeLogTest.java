package io.mmpipe.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.model.SimClock;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

  private static SimChange change(long i) {
    return new SimChange("post_created", "p" + i, "c", "u", null, i);
  }

  private static ChangeLog filled(int limit, long count) {
    ChangeLog log = new ChangeLog(limit);
    LongStream.range(0, count).forEach(i -> log.add(change(i)));
    return log;
  }

  private static List<SimChange> changes(long from, long to) {
    return LongStream.range(from, to).mapToObj(ChangeLogTest::change).toList();
  }

  @Test
  void shouldKeepEveryChangeUpToTheLimit() {
    ChangeLog log = filled(3_000, 2_500); // past the first ring size: it grew without dropping
    assertThat(log.first()).isZero();
    assertThat(log.end()).isEqualTo(2_500);
    assertThat(log.kept()).isEqualTo(changes(0, 2_500));
    assertThat(log.since(0)).isEqualTo(changes(0, 2_500));
  }

  @Test
  void shouldKeepOnlyTheMostRecentLimitChangesUnderTheirOwnIndexes() {
    ChangeLog log = filled(3_000, 10_007);
    assertThat(log.kept()).hasSize(3_000).isEqualTo(changes(7_007, 10_007));
    assertThat(log.first()).isEqualTo(7_007);
    assertThat(log.end()).isEqualTo(10_007);
    // index i still names change i after the ring wrapped
    assertThat(log.since(9_000)).isEqualTo(changes(9_000, 10_007));
    ChangeLog.Page p = log.page(8_000, 5);
    assertThat(p.changes()).isEqualTo(changes(8_000, 8_005));
    assertThat(p.dropped()).isZero();
    assertThat(p.nextIndex()).isEqualTo(8_005);
  }

  @Test
  void shouldSayHowManyAskedChangesWereDroppedInsteadOfShiftingThePage() {
    ChangeLog log = filled(100, 250);
    ChangeLog.Page p = log.page(40, 10);
    assertThat(p.firstIndex()).isEqualTo(150);
    assertThat(p.dropped()).isEqualTo(110);
    assertThat(p.changes()).isEqualTo(changes(150, 160));
    assertThat(p.nextIndex()).isEqualTo(160);
    assertThatThrownBy(() -> log.since(149)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("changes 149 to 149 were dropped").hasMessageContaining("SIM_CHANGE_LOG_LIMIT")
        .hasMessageContaining("the oldest kept is 150");
    assertThat(log.since(150)).isEqualTo(changes(150, 250));
  }

  @Test
  void shouldAnswerAnEmptyPageAtAndPastTheEnd() {
    ChangeLog log = filled(100, 250);
    for (long at : new long[] {250, 251, Long.MAX_VALUE}) {
      ChangeLog.Page p = log.page(at, 10);
      assertThat(p.changes()).isEmpty();
      assertThat(p.dropped()).isZero();
      assertThat(p.nextIndex()).isEqualTo(250);
      assertThat(log.since(at)).isEmpty();
    }
  }

  @Test
  void shouldRefuseALimitOutsideItsRange() {
    assertThatThrownBy(() -> new ChangeLog(0)).hasMessageContaining("1 to " + ChangeLog.MAX_LIMIT);
    assertThatThrownBy(() -> new ChangeLog(ChangeLog.MAX_LIMIT + 1)).hasMessageContaining("was");
  }

  @Test
  void shouldBoundTheWorldsLogWithItsLimit() {
    LockedWorld world = new LockedWorld(42, false, new SimClock(), e -> { }, 10);
    String user = world.userIds().getFirst();
    String channel = world.botChannelIds().getFirst();
    for (int i = 0; i < 25; i++) {
      world.createPost(user, channel, "p" + i);
    }
    assertThat(world.changeCount()).isEqualTo(25);
    assertThat(world.changes()).hasSize(10).isEqualTo(world.changesSince(15));
    assertThatThrownBy(() -> world.changesSince(14)).isInstanceOf(IllegalStateException.class);
  }
}
