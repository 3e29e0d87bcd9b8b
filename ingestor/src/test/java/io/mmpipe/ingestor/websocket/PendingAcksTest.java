package io.mmpipe.ingestor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingAcksTest {

  @Test
  void shouldMoveTheAcknowledgedPositionOnlyOverAnUnbrokenRunOfAcknowledgements() {
    PendingAcks p = new PendingAcks(10);
    p.restart(0);
    CompletableFuture<Void> one = new CompletableFuture<>();
    CompletableFuture<Void> two = new CompletableFuture<>();
    CompletableFuture<Void> three = new CompletableFuture<>();
    p.add(1, one);
    p.add(2, two);
    p.add(3, three);
    two.complete(null);
    p.drain();
    assertThat(p.acked()).as("2 is acknowledged but 1 is not yet").isZero();
    one.complete(null);
    p.drain();
    assertThat(p.acked()).isEqualTo(2);
    three.completeExceptionally(new IllegalStateException("delivery timed out"));
    CompletableFuture<Void> four = CompletableFuture.completedFuture(null);
    p.add(4, four);
    p.drain();
    assertThat(p.acked()).as("nothing after a failure counts").isEqualTo(2);
    assertThat(p.failure()).hasMessageContaining("delivery timed out");
    assertThat(p.settled()).isTrue();
  }

  @Test
  void shouldBeFullAtItsLimitAndStartOverOnANewSeqSpace() {
    PendingAcks p = new PendingAcks(2);
    p.add(1, new CompletableFuture<>());
    assertThat(p.full()).isFalse();
    p.add(2, new CompletableFuture<>());
    assertThat(p.full()).isTrue();
    p.restart(0);
    assertThat(p.full()).isFalse();
    assertThat(p.size()).isZero();
    assertThat(p.acked()).isZero();
    assertThatThrownBy(() -> new PendingAcks(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
