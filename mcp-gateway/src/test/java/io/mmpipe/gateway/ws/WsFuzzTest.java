package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.Fuzz;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.metrics.GatewayStats;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.CatchUpPool;
import io.mmpipe.gateway.stream.CatchUpSource;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated commands on {@code /ws} of an in-process gateway (the command budget raised so every one is
 * parsed): every answer is JSON without a stack trace, no connection is closed as a server error (1011), and each
 * connection still answers afterwards.
 */
class WsFuzzTest {

  private static final int INPUTS = 10_000;
  private static final long SEED = 0x3e5_f022L;
  private static final List<JsonNode> SEEDS = List.of(
      Fuzz.json("{\"command\":\"subscribe\",\"id\":\"a\",\"channel_ids\":[\"c1\"],\"types\":[\"created\"]}"),
      Fuzz.json("{\"command\":\"subscribe\",\"id\":\"b\",\"resource\":\"mattermost://feed\",\"from\":\"PT1M\"}"),
      Fuzz.json("{\"command\":\"subscribe\",\"id\":\"c\",\"resume_from\":\"AAAA\",\"team_id\":\"t1\"}"),
      Fuzz.json("{\"command\":\"unsubscribe\",\"id\":\"d\",\"subscription_id\":\"s1\"}"),
      Fuzz.json("{\"command\":\"ping\",\"id\":\"e\"}"),
      Fuzz.json("{\"command\":\"get_stats\",\"id\":\"f\"}"),
      Fuzz.json("{\"command\":\"get_operation\",\"id\":\"g\",\"operation_id\":\"op-1\"}"));

  private Javalin app() {
    UpdateRing ring = new UpdateRing(100);
    ring.init(new long[1]);
    CatchUpSource none = positions -> {
      throw new IllegalStateException("no log in this test");
    };
    UpdateStreams streams = new UpdateStreams(ring, "u.mm.updates", 50, new CatchUpPool(none, 1), () -> true);
    WsSettings d = WsSettings.defaults();
    WsSettings settings = new WsSettings(d.maxFrameBytes(), 100, d.maxSubscriptions(), 1_000_000, 1_000_000,
        d.floodLimit(), d.sendTimeout(), d.pingInterval());
    GatewayMetrics metrics = new GatewayMetrics("test");
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(new WsRoutes(streams,
        PrincipalResolver.anonymous(), metrics, new GatewayStats("test", metrics, ring::head, () -> 0), settings)));
  }

  private static void drain(WsClient c, int index, String input) throws InterruptedException {
    JsonNode m;
    while ((m = c.next(Duration.ZERO)) != null) {
      Fuzz.assertClean("ws-command", index, input, 200, m.toString());
    }
  }

  @Test
  void shouldAnswerEveryGeneratedCommandWithoutAServerErrorOrAStackTrace() {
    JavalinTest.test(app(), (server, http) -> {
      Map<Long, WsClient> byThread = new ConcurrentHashMap<>();
      Set<WsClient> all = ConcurrentHashMap.newKeySet();
      AtomicInteger reopened = new AtomicInteger();
      int tried = Fuzz.run("WebSocket commands on /ws", INPUTS, SEED, (i, f) -> {
        WsClient c = byThread.get(Thread.currentThread().threadId());
        if (c == null || c.closeCode(Duration.ZERO) != null) {
          if (c != null) {
            assertThat(c.closeCode(Duration.ZERO)).as("close code before input %d", i).isNotIn(1011, -1);
            reopened.incrementAndGet();
          }
          c = WsClient.connect(server.port());
          byThread.put(Thread.currentThread().threadId(), c);
          all.add(c);
        }
        // a text frame is UTF-8: a lone surrogate the mutation left cannot be sent, so it becomes '?'
        String input = new String(f.mutate(f.pick(SEEDS)).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        c.send(input);
        drain(c, i, input);
      });
      assertThat(tried).isEqualTo(INPUTS);
      for (WsClient c : byThread.values()) {
        if (c.closeCode(Duration.ZERO) == null) {
          JsonNode pong = c.call(WsClient.command("ping", "last"));
          assertThat(pong.path("event_type").asText()).as("still answering").isIn("status", "error");
          drain(c, -1, "ping");
        }
      }
      System.out.printf("fuzz ws: %d connections reopened after a policy close%n", reopened.get());
      all.forEach(WsClient::close);
    });
  }
}
