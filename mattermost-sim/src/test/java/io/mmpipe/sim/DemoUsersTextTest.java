package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.world.LockedWorld;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoUsersTextTest {

  @Test
  void shouldPrintEachDemoUsersTokenAndWhatOnlyTheyMayRead() {
    LockedWorld world = new LockedWorld(42, false, new SimClock(), e -> { });
    List<DemoUser> users = world.demoUsers();
    String text = DemoUsersText.render(users);
    assertThat(users).extracting(DemoUser::username).containsExactly("alice", "bob");
    String[] blocks = text.split("\n  bob");
    assertThat(blocks).hasSize(2);
    assertThat(blocks[0]).contains("alice", "alice-password", users.get(0).token(), "~leadership (private)",
        "@alice, @mmpipe-bot (direct)").doesNotContain("@bob, @carol, @mmpipe-bot (group)");
    assertThat(blocks[1]).contains("bob-password", users.get(1).token(), "@bob, @carol, @mmpipe-bot (group)",
        "@alice, @bob (direct, the bot is not a member)").doesNotContain("~leadership");
  }
}
