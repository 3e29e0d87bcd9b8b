package io.mmpipe.gateway.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.testkit.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory session store is bounded by age and by count. */
class MemorySessionStoreTest {

  @Test
  void shouldExpireSessionsUnusedForTheTtlButKeepUsedOnes() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    MemorySessionStore store = new MemorySessionStore(Duration.ofMinutes(10), 100, clock);
    String idle = store.create("2025-11-25", "{}", "{}").id();
    String used = store.create("2025-11-25", "{}", "{}").id();
    clock.advance(Duration.ofMinutes(6));
    assertThat(store.find(used)).isPresent();
    clock.advance(Duration.ofMinutes(6));
    assertThat(store.find(idle)).isEmpty();
    assertThat(store.find(used)).isPresent();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void shouldDropTheLeastRecentlyUsedSessionPastTheLimit() {
    MemorySessionStore store = new MemorySessionStore(Duration.ofHours(1), 3, Clock.systemUTC());
    String a = store.create("2025-11-25", "{}", "{}").id();
    String b = store.create("2025-11-25", "{}", "{}").id();
    String c = store.create("2025-11-25", "{}", "{}").id();
    store.find(a);
    String d = store.create("2025-11-25", "{}", "{}").id();
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(b)).as("least recently used").isEmpty();
    assertThat(store.find(a)).isPresent();
    assertThat(store.find(c)).isPresent();
    assertThat(store.find(d)).isPresent();
  }

  @Test
  void shouldBoundSubscriptionsPerSessionAndKeepThemOnTheRecord() {
    MemorySessionStore store = new MemorySessionStore(Duration.ofHours(1), 3, Clock.systemUTC());
    String id = store.create("2025-11-25", "{}", "{}").id();
    for (int i = 0; i < SessionStore.MAX_SUBSCRIPTIONS; i++) {
      assertThat(store.subscribe(id, "mattermost://channels/c" + i + "/posts")).isTrue();
    }
    assertThat(store.subscribe(id, "mattermost://reactions")).isFalse();
    assertThat(store.subscribe(id, "mattermost://channels/c0/posts")).as("already held").isTrue();
    store.unsubscribe(id, "mattermost://channels/c0/posts");
    assertThat(store.subscribe(id, "mattermost://reactions")).isTrue();
    assertThat(store.find(id).orElseThrow().subscriptions()).hasSize(SessionStore.MAX_SUBSCRIPTIONS)
        .contains("mattermost://reactions");
  }

  @Test
  void shouldMakeUnguessableWellFormedIds() {
    String id = SessionStore.newId();
    assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(SessionStore.wellFormed(id)).isTrue();
    assertThat(SessionStore.wellFormed("x:y*")).isFalse();
    assertThat(SessionStore.newId()).isNotEqualTo(id);
  }
}
