package io.mmpipe.gateway.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Task records and the instance bus on a real redis-server. */
class RedisTaskStoreIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  private static final String ID = "task0000000000000000aa";
  private static final String OWNER = "mattermost_user:alice-id";

  private static String view(String status) {
    return "{\"taskId\":\"" + ID + "\",\"status\":\"" + status + "\",\"ttlMs\":600000,\"inputRequests\":{}}";
  }

  @Test
  void shouldExpireARecordWithItsTaskAndNeverOverwriteACancellation() {
    String prefix = KafkaExtension.uniqueName("t") + ":";
    try (RedisTaskStore running = new RedisTaskStore(URI.create(REDIS.url()), prefix);
         RedisTaskStore other = new RedisTaskStore(URI.create(REDIS.url()), prefix)) {
      assertThat(running.save(ID, OWNER, "input_required", view("input_required"), Duration.ofSeconds(30))).isTrue();
      assertThat(other.find(ID)).hasValueSatisfying(v -> {
        assertThat(v.json()).contains("input_required");
        assertThat(v.owner()).isEqualTo(OWNER);
      });
      assertThat(other.cancel(ID, "api_token:ops", "2026-12-01T00:00:00Z")).as("another owner").isEmpty();
      assertThat(other.find(ID).orElseThrow().json()).contains("input_required");

      String cancelled = other.cancel(ID, OWNER, "2026-12-01T00:00:00Z").orElseThrow();
      assertThat(cancelled).contains("\"status\":\"cancelled\"").contains("2026-12-01T00:00:00Z")
          .doesNotContain("inputRequests");
      assertThat(running.save(ID, OWNER, "completed", view("completed"), Duration.ofSeconds(30)))
          .as("the running instance learns it was cancelled").isFalse();
      assertThat(other.find(ID)).hasValueSatisfying(v -> assertThat(v.json()).contains("cancelled"));
      assertThat(other.cancel("unknownunknownunknown0", OWNER, "x")).isEmpty();
      assertThat(other.find("not a task id")).isEmpty();

      running.save(ID, OWNER, "cancelled", view("cancelled"), Duration.ofMillis(1500));
      await().atMost(Duration.ofSeconds(30)).until(() -> other.find(ID).isEmpty());
    }
  }

  @Test
  void shouldListOnlyTheOwnersUnexpiredTasksAndCapThemAcrossInstances() {
    String prefix = KafkaExtension.uniqueName("t") + ":";
    try (RedisTaskStore a = new RedisTaskStore(URI.create(REDIS.url()), prefix);
         RedisTaskStore b = new RedisTaskStore(URI.create(REDIS.url()), prefix)) {
      long now = System.currentTimeMillis();
      assertThat(a.claim(OWNER, "task-a1", now + 60_000, now, 2)).isTrue();
      a.save("task-a1", OWNER, "working", "{\"taskId\":\"task-a1\"}", Duration.ofSeconds(60));
      assertThat(b.claim(OWNER, "task-b1", now + 60_000, now, 2)).isTrue();
      b.save("task-b1", OWNER, "working", "{\"taskId\":\"task-b1\"}", Duration.ofSeconds(60));
      assertThat(a.claim(OWNER, "task-a2", now + 60_000, now, 2)).as("the owner's maximum, across instances")
          .isFalse();
      assertThat(a.claim("api_token:ops", "task-o1", now + 60_000, now, 2)).as("another owner").isTrue();
      a.save("task-o1", "api_token:ops", "working", "{\"taskId\":\"task-o1\"}", Duration.ofSeconds(60));

      assertThat(a.claim(OWNER, "task-a3", now + 120_000, now + 60_001, 2)).as("room again once expired")
          .isTrue();
    }
  }

  @Test
  void shouldCarryNotesToOtherInstancesOnlyAndFailClearlyWhenRedisIsGone() throws Exception {
    String prefix = KafkaExtension.uniqueName("t") + ":";
    CopyOnWriteArrayList<InstanceBus.Note> heardByA = new CopyOnWriteArrayList<>();
    CopyOnWriteArrayList<InstanceBus.Note> heardByB = new CopyOnWriteArrayList<>();
    try (RedisInstanceBus a = new RedisInstanceBus(URI.create(REDIS.url()), prefix);
         RedisInstanceBus b = new RedisInstanceBus(URI.create(REDIS.url()), prefix)) {
      a.start(heardByA::add);
      b.start(heardByB::add);
      assertThat(a.publish(new InstanceBus.Note("cancel", "s1", "7", null))).isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> !heardByB.isEmpty());
      assertThat(heardByB.get(0)).isEqualTo(new InstanceBus.Note("cancel", "s1", "7", null));
      assertThat(heardByA).as("an instance does not hear itself").isEmpty();

      REDIS.server().stop();
      try {
        assertThat(a.publish(new InstanceBus.Note("cancel", "s1", "8", null))).isFalse();
        try (RedisTaskStore store = new RedisTaskStore(URI.create(REDIS.url()), prefix)) {
          assertThatThrownBy(() -> store.find(ID)).isInstanceOf(SessionStore.Unavailable.class)
              .hasMessageContaining("Redis");
        }
      } finally {
        REDIS.server().restart();
      }
      // the subscriber reconnects by itself
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        a.publish(new InstanceBus.Note("cancel", "s1", "9", null));
        return heardByB.stream().anyMatch(n -> "9".equals(n.id()));
      });
    }
  }
}
