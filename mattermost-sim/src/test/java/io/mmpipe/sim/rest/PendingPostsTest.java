package io.mmpipe.sim.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingPostsTest {

  long now = 1_000_000;
  final AtomicInteger made = new AtomicInteger();
  final PendingPosts pending = new PendingPosts(() -> now);

  private String create(String user, String pendingId) {
    return pending.createOnce(user, pendingId, () -> "post" + made.incrementAndGet());
  }

  @Test
  void shouldCreateOncePerUserAndPendingIdWithin30Seconds() {
    String first = create("u", "p1");
    now += PendingPosts.TTL_MS;
    assertThat(create("u", "p1")).isEqualTo(first);
    assertThat(create("other", "p1")).isNotEqualTo(first); // another user's id is not a retry
    assertThat(create("u", "")).isNotEqualTo(first); // no id: no dedupe
  }

  @Test
  void shouldForgetAnIdAfter30SecondsSoTheMapEmpties() {
    String first = create("u", "p1");
    create("u", "p2");
    now += PendingPosts.TTL_MS + 1;
    assertThat(create("u", "p1")).isNotEqualTo(first);
    assertThat(pending.remembered()).isEqualTo(1); // p2 expired too, p1 is the new one
    now += PendingPosts.TTL_MS + 1;
    create("u", "");
    assertThat(pending.remembered()).isZero();
  }

  @Test
  void shouldRememberAtMostTheServersCacheSizeForgettingTheOldestFirst() {
    String oldest = create("u", "id-0");
    for (int i = 1; i <= PendingPosts.MAX_IDS; i++) {
      create("u", "id-" + i);
    }
    assertThat(pending.remembered()).isEqualTo(PendingPosts.MAX_IDS);
    String youngest = "post" + made.get();
    assertThat(create("u", "id-" + PendingPosts.MAX_IDS)).isEqualTo(youngest);
    assertThat(create("u", "id-0")).isNotEqualTo(oldest); // forgotten within its 30 s: the cache was full
  }
}
