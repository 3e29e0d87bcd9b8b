package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Cancellation flags of in-flight legacy requests: found by session and id, bounded in number. */
class PendingRequestsTest {

  @Test
  void shouldCancelOnlyTheNamedRequestOfTheNamedSession() {
    PendingRequests p = new PendingRequests(10);
    BooleanSupplier a = p.start("s1", "7");
    BooleanSupplier b = p.start("s2", "7");
    assertThat(p.cancel("s1", "7")).isTrue();
    assertThat(a.getAsBoolean()).isTrue();
    assertThat(b.getAsBoolean()).isFalse();
    assertThat(p.cancel("s1", "8")).isFalse();
    p.done("s1", "7");
    p.done("s2", "7");
    assertThat(p.size()).isZero();
  }

  @Test
  void shouldStopTrackingPastTheLimitInsteadOfGrowing() {
    PendingRequests p = new PendingRequests(2);
    p.start("s", "1");
    p.start("s", "2");
    BooleanSupplier untracked = p.start("s", "3");
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.cancel("s", "3")).isFalse();
    assertThat(untracked.getAsBoolean()).isFalse();
  }
}
