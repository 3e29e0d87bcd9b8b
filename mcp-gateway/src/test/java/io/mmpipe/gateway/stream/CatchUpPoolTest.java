package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatchUpPoolTest {

  private final InMemoryLog log = new InMemoryLog(2);

  @Test
  void shouldOpenAtMostMaxReadersAndLendAFreedOneToTheNextInLine() throws Exception {
    CatchUpPool pool = new CatchUpPool(log, 2);
    CatchUpSource.CatchUp a = pool.tryOpen(new long[2], Duration.ZERO).orElseThrow();
    CatchUpSource.CatchUp b = pool.tryOpen(new long[2], Duration.ZERO).orElseThrow();
    assertThat(pool.tryOpen(new long[2], Duration.ofMillis(50))).isEmpty();
    assertThat(pool.live()).isEqualTo(2);
    assertThat(log.opened).isEqualTo(2);
    a.close();
    a.close(); // a second close must not free a second place
    assertThat(pool.live()).isEqualTo(1);
    Optional<CatchUpSource.CatchUp> c = pool.tryOpen(new long[2], Duration.ZERO);
    assertThat(c).isPresent();
    assertThat(pool.tryOpen(new long[2], Duration.ZERO)).isEmpty();
    b.close();
    c.get().close();
    assertThat(pool.live()).isZero();
    assertThat(pool.opened()).isEqualTo(3);
  }

  @Test
  void shouldGiveThePlaceBackWhenOpeningAReaderFails() throws Exception {
    CatchUpPool pool = new CatchUpPool(positions -> {
      throw new IllegalStateException("no broker");
    }, 1);
    assertThatThrownBy(() -> pool.tryOpen(new long[2], Duration.ZERO)).hasMessage("no broker");
    assertThatThrownBy(() -> pool.tryOpen(new long[2], Duration.ZERO)).hasMessage("no broker"); // not "empty"
    assertThat(pool.live()).isZero();
  }

  @Test
  void shouldWaitForAReaderWithoutOpeningOneWhenTheRingCoversTheSubscriber() throws Exception {
    UpdateRing ring = new UpdateRing(50);
    ring.init(new long[] {0, 0});
    CatchUpPool pool = new CatchUpPool(log, 1);
    UpdateStreams streams = new UpdateStreams(ring, "t.mm.updates", 20, pool, () -> true);
    CatchUpSource.CatchUp held = pool.tryOpen(new long[2], Duration.ZERO).orElseThrow();
    // a token the ring covers never takes a reader, even when none is free
    Subscription s = streams.open(new UpdateStreams.FromToken(ResumeToken.encode("t.mm.updates", new long[2])),
        SubscriptionFilter.ALL, u -> true);
    assertThat(s.catchingUp()).isFalse();
    held.close();
  }
}
