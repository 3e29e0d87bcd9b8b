package io.mmpipe.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Bounded slices, resumption where the last run stopped, and entries without a time. */
class IncrementalExpiryTest {

  private static KeyValueStore<String, Long> store() {
    KeyValueStore<String, Long> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(),
        Serdes.Long()).withLoggingDisabled().build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    s.init(context.getStateStoreContext(), s);
    return s;
  }

  private static long size(KeyValueStore<String, Long> s) {
    try (var it = s.all()) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }
  }

  @Test
  void shouldExamineAtMostPerRunEntriesAndResumeWhereItStopped() {
    KeyValueStore<String, Long> s = store();
    for (int i = 0; i < 5; i++) {
      s.put("k" + i, 100L);
    }
    IncrementalExpiry<Long> expiry = new IncrementalExpiry<>(EntryStore.of(s), v -> v, (v, now) -> now, Duration.ofMillis(50), 2);
    assertThat(expiry.run(1000)).isEqualTo(2);
    assertThat(size(s)).isEqualTo(3);
    assertThat(s.get("k0")).isNull();
    assertThat(s.get("k2")).isNotNull();
    assertThat(expiry.run(1000)).isEqualTo(2);
    assertThat(expiry.run(1000)).isEqualTo(1);
    assertThat(size(s)).isZero();
  }

  @Test
  void shouldResumeAfterTheEntriesItKeptRatherThanStartOver() {
    KeyValueStore<String, Long> s = store();
    s.put("k0", 1000L);
    s.put("k1", 1000L);
    s.put("k2", 100L);
    s.put("k3", 100L);
    IncrementalExpiry<Long> expiry = new IncrementalExpiry<>(EntryStore.of(s), v -> v, (v, now) -> now, Duration.ofMillis(50), 2);
    assertThat(expiry.run(1000)).isZero();
    assertThat(expiry.run(1000)).isEqualTo(2);
    assertThat(new IncrementalExpiry<>(EntryStore.of(s), v -> v, (v, now) -> now, Duration.ofMillis(50), 1).run(1000)).isZero();
  }

  @Test
  void shouldKeepEntriesWithinTheRetentionInclusive() {
    KeyValueStore<String, Long> s = store();
    s.put("edge", 950L);
    s.put("old", 949L);
    IncrementalExpiry<Long> expiry = new IncrementalExpiry<>(EntryStore.of(s), v -> v, (v, now) -> now, Duration.ofMillis(50), 10);
    assertThat(expiry.run(1000)).isEqualTo(1);
    assertThat(s.get("edge")).isEqualTo(950L);
  }

  @Test
  void shouldStampEntriesWithoutATimeSoTheyExpireOneRetentionLater() {
    KeyValueStore<String, Long> s = store();
    s.put("legacy", 0L);
    IncrementalExpiry<Long> expiry = new IncrementalExpiry<>(EntryStore.of(s), v -> v, (v, now) -> now, Duration.ofMillis(50), 10);
    assertThat(expiry.run(1000)).isZero();
    assertThat(s.get("legacy")).isEqualTo(1000L);
    assertThat(expiry.run(1050)).isZero();
    assertThat(expiry.run(1051)).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnEmptySlice() {
    assertThatThrownBy(() -> new IncrementalExpiry<>(EntryStore.of(store()), v -> v, (v, now) -> now, Duration.ofMillis(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
