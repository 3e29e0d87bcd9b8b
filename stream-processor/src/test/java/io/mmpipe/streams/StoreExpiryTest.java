package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static io.mmpipe.streams.StoreBoundsTest.STORES;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every store's expiry runs on the wall clock and reports the store's size (StoreBoundsTest: under load). */
class StoreExpiryTest {

  @Test
  void shouldForgetEveryIdleEntryOnTheWallClockAndReportTheStoreSizes() {
    try (Harness h = new Harness(Duration.ofHours(24), Instant.ofEpochMilli(T0))) {
      h.pipe(Events.polled(Events.post("r1", T0).setRootId("root").build(), T0 + 1));
      h.pipe(Events.polled(Events.post("gone", T0).setDeleteAt(T0).setUpdateAt(T0).build(), T0 + 2));
      h.pipe(Events.snapshot("p1", T0, List.of(Events.reaction("p1", "u1", "+1", T0)), T0 + 3));
      h.pipe("user:u1", Events.status("u1", "away", T0 + 4));
      h.driver.advanceWallClockTime(Duration.ofMinutes(1));
      for (StateSection.Kind<?> store : STORES) {
        assertThat(h.storeSize(store)).as(store.name()).isEqualTo(1);
        var gauge = h.metrics.registry().find("mmpipe.processor.store.entries").tag("store", store.name()).gauge();
        assertThat(gauge).as(store.name()).isNotNull();
        assertThat(gauge.value()).as(store.name()).isEqualTo(1.0);
      }
      h.driver.advanceWallClockTime(Duration.ofDays(30));
      for (StateSection.Kind<?> store : STORES) {
        assertThat(h.storeSize(store)).as(store.name()).isZero();
      }
    }
  }
}
