package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.ws.CommandLimiter.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommandLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final CommandLimiter limiter = new CommandLimiter(5, 10, 20, now::get);

  @Test
  void shouldAllowTheBurstThenRefuseUntilTheBucketRefills() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.take()).isEqualTo(Verdict.ALLOW);
    }
    assertThat(limiter.take()).isEqualTo(Verdict.REFUSE);
    now.addAndGet(100_000_000); // 100 ms: one command at 10 a second
    assertThat(limiter.take()).isEqualTo(Verdict.ALLOW);
    assertThat(limiter.take()).isEqualTo(Verdict.REFUSE);
  }

  @Test
  void shouldNeverHoldMoreThanTheBurstHoweverLongTheConnectionWasQuiet() {
    now.addAndGet(3_600_000_000_000L); // an hour idle
    int allowed = 0;
    while (limiter.take() == Verdict.ALLOW) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void shouldCloseASustainedFloodEvenWhenSomeCommandsPassInBetween() {
    for (int i = 0; i < 5; i++) {
      limiter.take();
    }
    Verdict last = Verdict.ALLOW;
    int commands = 0;
    // 100 commands a second, ten times the rate: one in ten passes, the refusals pile up faster than they drain
    while (last != Verdict.CLOSE && commands < 10_000) {
      now.addAndGet(10_000_000);
      last = limiter.take();
      commands++;
    }
    assertThat(last).isEqualTo(Verdict.CLOSE);
    assertThat(commands).isLessThan(100);
  }

  @Test
  void shouldNotCloseAClientThatKeepsToTheRate() {
    for (int i = 0; i < 10_000; i++) {
      now.addAndGet(100_000_000);
      assertThat(limiter.take()).isEqualTo(Verdict.ALLOW);
    }
  }
}
