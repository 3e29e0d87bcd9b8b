package io.mmpipe.gateway.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session records in a real redis-server: shared, expiring, bounded, and failing clearly when Redis is gone. */
class RedisSessionStoreIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private RedisSessionStore store(Duration ttl) {
    return new RedisSessionStore(URI.create(REDIS.url()), KafkaExtension.uniqueName("t") + ":", ttl);
  }

  @Test
  void shouldShareARecordBetweenStoresAndExpireItWhenUnused() {
    String prefix = KafkaExtension.uniqueName("t") + ":";
    try (RedisSessionStore a = new RedisSessionStore(URI.create(REDIS.url()), prefix, Duration.ofSeconds(2));
         RedisSessionStore b = new RedisSessionStore(URI.create(REDIS.url()), prefix, Duration.ofSeconds(2))) {
      SessionRecord s = a.create("2025-06-18", "{\"roots\":{}}", "{\"name\":\"c\"}");
      b.initialized(s.id());
      b.logLevel(s.id(), "error");
      assertThat(b.subscribe(s.id(), "mattermost://reactions")).isTrue();
      SessionRecord seen = a.find(s.id()).orElseThrow();
      assertThat(seen.protocolVersion()).isEqualTo("2025-06-18");
      assertThat(seen.clientCapabilities()).isEqualTo("{\"roots\":{}}");
      assertThat(seen.initialized()).isTrue();
      assertThat(seen.logLevel()).isEqualTo("error");
      assertThat(seen.subscriptions()).containsExactly("mattermost://reactions");
      // used within the TTL: kept (every read refreshes it); then unused for longer: gone, subscriptions included
      for (int i = 0; i < 3; i++) {
        sleep(Duration.ofMillis(1200));
        assertThat(a.find(s.id())).isPresent();
      }
      sleep(Duration.ofMillis(3500));
      assertThat(b.find(s.id())).isEmpty();
      assertThat(a.subscriptions(s.id())).isEmpty();
      assertThat(a.find("../../etc")).as("ids we cannot have issued never reach Redis").isEmpty();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldHoldAtMostTheLimitOfSubscriptionsEvenWhenSubscribedConcurrently() throws Exception {
    try (RedisSessionStore store = store(Duration.ofMinutes(1))) {
      String id = store.create("2025-11-25", "{}", "{}").id();
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < SessionStore.MAX_SUBSCRIPTIONS + 20; i++) {
        String uri = "mattermost://channels/c" + i + "/posts";
        calls.add(() -> store.subscribe(id, uri));
      }
      try (var pool = Executors.newFixedThreadPool(8)) {
        long accepted = pool.invokeAll(calls).stream().filter(f -> {
          try {
            return f.get();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).count();
        assertThat(accepted).isEqualTo(SessionStore.MAX_SUBSCRIPTIONS);
      }
      assertThat(store.subscriptions(id)).hasSize(SessionStore.MAX_SUBSCRIPTIONS);
      assertThat(store.delete(id)).isTrue();
      assertThat(store.delete(id)).isFalse();
    }
  }

  @Test
  void shouldFailWithUnavailableWhileRedisIsDown() {
    try (RedisSessionStore store = store(Duration.ofMinutes(1))) {
      REDIS.server().stop();
      try {
        assertThatThrownBy(() -> store.create("2025-11-25", "{}", "{}")).isInstanceOf(SessionStore.Unavailable.class)
            .hasMessageContaining("Redis");
        assertThatThrownBy(() -> store.find(SessionStore.newId())).isInstanceOf(SessionStore.Unavailable.class);
      } finally {
        REDIS.server().restart();
      }
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> store.find(store.create("2025-11-25", "{}", "{}").id()).isPresent());
    }
  }
}
