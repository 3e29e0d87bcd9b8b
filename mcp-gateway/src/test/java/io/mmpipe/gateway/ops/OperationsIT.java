package io.mmpipe.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.Era;
import io.mmpipe.gateway.mcp.RelatedMessages;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.security.ChannelScope;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operation registry on a real redis-server, two {@link Operations} on one Redis standing for two gateway
 * instances: state, events, results and cancellation cross instances; the store keeps the newest 1,000; a result
 * over the cap ends in error; with Redis down operations still run and end, known to their own instance only.
 */
class OperationsIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static RedisOperationStore store(String prefix, Operations.Settings s) {
    return new RedisOperationStore(URI.create(REDIS.url()), prefix, s.keep(), s.ttl());
  }

  private static Operations instance(String prefix, Operations.Settings s) {
    return new Operations(store(prefix, s), s, Clock.systemUTC());
  }

  /** A work of {@code steps} progress steps, each let through by {@code gate}, answering {@code content}. */
  private static Operations.Work steps(int steps, Semaphore gate, String content) {
    return op -> {
      for (int i = 1; i <= steps; i++) {
        if (!gate.tryAcquire(60, TimeUnit.SECONDS)) {
          throw new Operations.Failed("test gate never opened");
        }
        op.progress(i / (double) (steps + 1), "step " + i, null);
      }
      return new Operations.Result(content, "application/x-ndjson", null);
    };
  }

  @Test
  void shouldShowStateEventsAndResultOfAnOperationOnAnotherInstanceInOrder() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = Operations.Settings.defaults();
    try (Operations a = instance(prefix, s); Operations b = instance(prefix, s)) {
      Semaphore gate = new Semaphore(0);
      Operation op = a.start("test", "testing", steps(5, gate, "{\"a\":1}\n"), null);
      List<OperationEvent> seenOnB = new CopyOnWriteArrayList<>();
      AutoCloseable w = b.watch(op.id(), seenOnB::add);
      assertThat(b.get(op.id())).hasValueSatisfying(st -> assertThat(st.status()).isEqualTo("running"));
      gate.release(5);
      assertThat(op.awaitEnd(WAIT)).isTrue();
      await().atMost(WAIT).until(() -> !seenOnB.isEmpty() && seenOnB.getLast().terminal());
      w.close();

      List<String> types = seenOnB.stream().map(OperationEvent::eventType).toList();
      assertThat(types).containsSubsequence("progress", "result", "completed").endsWith("completed");
      List<Double> progress = seenOnB.stream().filter(e -> e.eventType().equals("progress"))
          .map(e -> e.data().path("progress").asDouble()).toList();
      assertThat(progress).hasSize(5).isSorted();
      assertThat(seenOnB.stream().filter(e -> e.eventType().equals("progress"))
          .map(e -> e.data().path("message").asText()).toList())
          .containsExactly("step 1", "step 2", "step 3", "step 4", "step 5");

      OperationState done = b.get(op.id()).orElseThrow();
      assertThat(done.status()).isEqualTo("completed");
      assertThat(done.progress()).isEqualTo(1.0);
      assertThat(done.resultUri()).isEqualTo("mmpipe://operations/" + op.id() + "/result");
      assertThat(b.result(op.id()).orElseThrow().content()).isEqualTo("{\"a\":1}\n");
      assertThat(b.recent(10)).extracting(OperationState::operationId).contains(op.id());
      assertThat(b.get("unknown0000000000000000")).isEmpty();
      assertThat(b.get("not an id!")).isEmpty();
    }
  }

  @Test
  void shouldCancelFromAnotherInstanceAndEndInErrorWithTheReason() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = Operations.Settings.defaults();
    try (Operations a = instance(prefix, s); Operations b = instance(prefix, s)) {
      Semaphore gate = new Semaphore(0);
      List<OperationEvent> seenOnA = new CopyOnWriteArrayList<>();
      Operation op = a.start("test", "testing", steps(100, gate, "x"), seenOnA::add);
      gate.release(2);
      await().atMost(WAIT).until(() -> seenOnA.stream().filter(e -> e.eventType().equals("progress")).count() == 2);

      assertThat(b.cancel(op.id(), "cancelled by client")).isTrue();
      gate.release(1); // the runner saves its next step and learns of the cancellation there
      assertThat(op.awaitEnd(WAIT)).isTrue();

      OperationState st = b.get(op.id()).orElseThrow();
      assertThat(st.status()).isEqualTo("cancelled");
      assertThat(st.error()).isEqualTo("cancelled by client");
      OperationEvent last = seenOnA.getLast();
      assertThat(last.eventType()).isEqualTo("error");
      assertThat(last.data().path("error").asText()).isEqualTo("cancelled by client");
      assertThat(b.cancel(op.id(), "again")).as("an ended operation is not cancelled twice").isFalse();
      assertThat(b.cancel("unknown0000000000000000", "x")).isFalse();
      assertThat(b.result(op.id())).isEmpty();
    }
  }

  @Test
  void shouldKeepTheNewestThousandOperationsOnly() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = Operations.Settings.defaults();
    assertThat(s.keep()).isEqualTo(1000);
    try (RedisOperationStore probe = store(prefix, s); Operations a = instance(prefix, s)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1050; i++) {
        Operation op = a.start("test", "n" + i, o -> new Operations.Result("r" + ids.size(), "text/plain", null), null);
        ids.add(op.id());
        assertThat(op.awaitEnd(WAIT)).isTrue();
      }
      assertThat(probe.size()).isEqualTo(1000);
      try (Operations fresh = instance(prefix, s)) { // another instance: nothing from memory
        for (String gone : ids.subList(0, 50)) {
          assertThat(fresh.get(gone)).as("dropped with its state").isEmpty();
          assertThat(fresh.result(gone)).as("dropped with its result").isEmpty();
        }
        assertThat(fresh.get(ids.get(50))).isPresent();
        assertThat(fresh.result(ids.getLast())).isPresent();
        assertThat(fresh.recent(5000)).hasSize(1000).first()
            .satisfies(st -> assertThat(st.operationId()).isEqualTo(ids.getLast()));
      }
    }
  }

  @Test
  void shouldEndInErrorWhenTheResultIsOverTheCap() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = new Operations.Settings(1000, Duration.ofMinutes(5), 10, 4, 10);
    try (Operations a = instance(prefix, s)) {
      Operation op = a.start("test", "big", o -> new Operations.Result("01234567890", "text/plain", null), null);
      assertThat(op.awaitEnd(WAIT)).isTrue();
      OperationState st = a.get(op.id()).orElseThrow();
      assertThat(st.status()).isEqualTo("error");
      assertThat(st.error()).contains("11 bytes, over the limit of 10 bytes");
      assertThat(st.resultUri()).isNull();
      assertThat(a.result(op.id())).isEmpty();
    }
  }

  @Test
  void shouldBoundWatchersAndRunningOperations() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = new Operations.Settings(1000, Duration.ofMinutes(5), 100, 1, 2);
    try (Operations a = instance(prefix, s)) {
      a.watch("x", e -> { });
      AutoCloseable second = a.watch("x", e -> { });
      assertThatThrownBy(() -> a.watch("y", e -> { })).hasMessageContaining("too many operation watchers");
      second.close();
      a.watch("y", e -> { }).close();
      Semaphore gate = new Semaphore(0);
      Operation op = a.start("test", "one", steps(1, gate, "x"), null);
      assertThatThrownBy(() -> a.start("test", "two", steps(1, gate, "x"), null))
          .hasMessageContaining("already runs 1 operations");
      gate.release();
      assertThat(op.awaitEnd(WAIT)).isTrue();
    }
  }

  @Test
  void shouldRunLocallyAndSayWhatIsLostWhileRedisIsDown() throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = Operations.Settings.defaults();
    try (Operations a = instance(prefix, s); Operations b = instance(prefix, s)) {
      REDIS.server().stop();
      try {
        List<OperationEvent> seenOnA = new CopyOnWriteArrayList<>();
        List<OperationEvent> seenOnB = new CopyOnWriteArrayList<>();
        Semaphore gate = new Semaphore(3);
        Operation op = a.start("test", "offline", steps(3, gate, "local result"), seenOnA::add);
        b.watch(op.id(), seenOnB::add);
        assertThat(op.awaitEnd(WAIT)).isTrue();

        assertThat(seenOnA).extracting(OperationEvent::eventType)
            .containsExactly("status", "progress", "progress", "progress", "result", "completed");
        assertThat(a.degraded()).isTrue();
        assertThat(a.get(op.id())).hasValueSatisfying(st -> assertThat(st.status()).isEqualTo("completed"));
        assertThat(a.recent(10)).extracting(OperationState::operationId).containsExactly(op.id());
        assertThat(a.result(op.id()).orElseThrow().content()).isEqualTo("local result");
        // what is lost: the other instance neither sees, watches nor cancels it
        assertThatThrownBy(() -> b.lookup(op.id())).isInstanceOf(OperationStore.Unavailable.class)
            .hasMessageContaining("unreachable");
        assertThat(b.get(op.id())).isEmpty();
        assertThat(seenOnB).isEmpty();
        assertThat(b.cancel(op.id(), "x")).isFalse();
        ToolResult tool = new OperationTools.GetOperation(b).call(anonymousCall(),
            OperationState.JSON.createObjectNode().put("operation_id", op.id()));
        assertThat(tool.isError()).isTrue();
        assertThat(tool.content().get(0).path("text").asText()).contains("unreachable").contains("try again");
        JavalinTest.test(GatewayServer.create(new OriginPolicy(List.of()), List.of(new OperationsRoutes(b,
            PrincipalResolver.anonymous()))),
            (server, client) -> {
              var one = client.get("/v1/operations/" + op.id());
              assertThat(one.code()).isEqualTo(503);
              assertThat(one.body().string()).contains("store_unavailable").contains("unreachable");
            });
        JavalinTest.test(GatewayServer.create(new OriginPolicy(List.of()), List.of(new OperationsRoutes(a,
            PrincipalResolver.anonymous()))),
            (server, client) -> {
              String list = client.get("/v1/operations").body().string();
              assertThat(list).contains(op.id()).contains("\"shared\":false");
            });
      } finally {
        REDIS.server().restart();
      }
    }
  }

  static Call anonymousCall() {
    return new Call(Era.MODERN, "2026-07-28", new Principal.Anonymous(), IntNode.valueOf(1), null, () -> false,
        RelatedMessages.NONE, null);
  }

  @Test
  void shouldShowCancelAndListAnOperationOnlyToItsOwnerAndToPrincipalsThatSeeEveryChannelOnAnotherInstance()
      throws Exception {
    String prefix = KafkaExtension.uniqueName("ops") + ":";
    Operations.Settings s = Operations.Settings.defaults();
    Principal alice = new Principal.ApiTokenHolder("alice", ChannelScope.of(Set.of("c1")));
    Principal aliceElsewhere = new Principal.ApiTokenHolder("alice", ChannelScope.of(Set.of("c2")));
    Principal bob = new Principal.ApiTokenHolder("bob", ChannelScope.of(Set.of("c1")));
    Principal full = new Principal.ApiTokenHolder("ops");
    try (Operations a = instance(prefix, s); Operations b = instance(prefix, s)) {
      Semaphore gate = new Semaphore(0);
      Operation op = a.start("test", "testing", alice, "c1", steps(3, gate, "posts of c1"), null);
      Operation other = a.start("test", "unowned", steps(1, new Semaphore(1), "x"), null);
      assertThat(other.awaitEnd(WAIT)).isTrue();

      OperationState stored = b.lookup(op.id()).orElseThrow();
      assertThat(stored.owner()).isEqualTo(new OperationOwner("api_token", "alice"));
      assertThat(stored.channelId()).isEqualTo("c1");
      assertThat(b.lookup(op.id(), bob)).as("another principal, even one that sees the channel").isEmpty();
      assertThat(b.lookup(op.id(), aliceElsewhere)).as("the owner's name without the channel").isEmpty();
      assertThat(b.cancel(op.id(), "by bob", bob)).isFalse();
      assertThat(b.recent(10, bob)).isEmpty();
      assertThat(b.recent(10, alice)).extracting(OperationState::operationId).containsExactly(op.id());
      assertThat(b.recent(10, full)).extracting(OperationState::operationId).containsExactly(other.id(), op.id());
      assertThat(b.lookup(other.id(), alice)).as("an operation without owner: every-channel principals only")
          .isEmpty();

      gate.release(3);
      assertThat(op.awaitEnd(WAIT)).isTrue();
      assertThat(op.state().status()).as("bob's cancellation was not passed on").isEqualTo("completed");
      assertThat(b.result(op.id(), bob)).isEmpty();
      assertThat(b.result(op.id(), alice).orElseThrow().content()).isEqualTo("posts of c1");
      assertThat(b.result(op.id(), full)).isPresent();
      assertThat(OperationState.parse(stored.toJson().toString())).isEqualTo(stored);

      Semaphore held = new Semaphore(0);
      Operation longer = a.start("test", "held", alice, "c1", steps(10, held, "x"), null);
      assertThat(b.cancel(longer.id(), "by bob", bob)).isFalse();
      assertThat(b.cancel(longer.id(), "by alice", alice)).as("the owner cancels from another instance").isTrue();
      held.release(1); // the runner learns of the cancellation at its next save
      assertThat(longer.awaitEnd(WAIT)).isTrue();
      assertThat(longer.state().status()).isEqualTo("cancelled");
      assertThat(longer.state().error()).isEqualTo("by alice");
    }
  }
}
