package io.mmpipe.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamQuotaTest {

  @Test
  void shouldHoldAtMostPerKeyStreamsAndForgetAKeyWithNone() {
    StreamQuota q = new StreamQuota(2);
    StreamQuota.Permit a1 = q.tryAcquire("alice");
    StreamQuota.Permit a2 = q.tryAcquire("alice");
    assertThat(a1).isNotNull();
    assertThat(a2).isNotNull();
    assertThat(q.tryAcquire("alice")).isNull();
    StreamQuota.Permit b1 = q.tryAcquire("bob");
    assertThat(b1).isNotNull();
    a1.close();
    a1.close(); // twice gives back one slot, not two
    StreamQuota.Permit a3 = q.tryAcquire("alice");
    assertThat(a3).isNotNull();
    assertThat(q.tryAcquire("alice")).isNull();
    a2.close();
    a3.close();
    b1.close();
    assertThat(q.keys()).isZero();
  }
}
