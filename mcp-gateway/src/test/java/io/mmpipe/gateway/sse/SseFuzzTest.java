package io.mmpipe.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.Fuzz;
import io.mmpipe.gateway.RawHttp;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.CatchUpPool;
import io.mmpipe.gateway.stream.CatchUpSource;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated query strings (and Last-Event-ID headers) on {@code GET /events} of an in-process gateway: every
 * answer is a 400 with a JSON error or a stream, never a 500 nor a stack trace; the server streams afterwards.
 */
class SseFuzzTest {

  private static final int INPUTS = 10_000;
  private static final long SEED = 0x55e_f022L;
  private static final List<String> KEYS = List.of("resource", "channel_id", "team_id", "type", "typed", "from",
      "last_event_id", "user_id", "post_id", "resources", "types", "channel_ids");

  private Javalin app() {
    UpdateRing ring = new UpdateRing(100);
    ring.init(new long[2]);
    CatchUpSource none = positions -> {
      throw new IllegalStateException("no log in this test");
    };
    UpdateStreams streams = new UpdateStreams(ring, "u.mm.updates", 50, new CatchUpPool(none, 1), () -> true);
    // a short keep-alive: a stream the fuzzer left is noticed closed, and its slot freed, soon
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(new SseRoutes(streams,
        PrincipalResolver.anonymous(), new GatewayMetrics("test"),
        new SseHandler.Settings(Duration.ofMillis(100), Duration.ofSeconds(3), 100_000, "gw-fuzz"),
        new OriginPolicy(List.of()))));
  }

  private static String query(Fuzz f) {
    StringBuilder q = new StringBuilder();
    for (int k = f.random().nextInt(5); k > 0; k--) {
      String key = f.random().nextInt(5) == 0 ? f.string() : f.pick(KEYS);
      String value = f.string();
      q.append(q.isEmpty() ? "?" : "&");
      if (f.random().nextInt(6) == 0) { // raw, as a careless client would send it: invalid escapes included
        q.append(key.replaceAll("[\\s\\p{Cntrl}#]", "%")).append('=').append(value.replaceAll("[\\s\\p{Cntrl}#]",
            "%zz"));
      } else {
        q.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return q.toString();
  }

  @Test
  void shouldAnswerEveryGeneratedQueryWithoutA500OrAStackTrace() {
    JavalinTest.test(app(), (server, client) -> {
      int tried = Fuzz.run("SSE query parameters on GET /events", INPUTS, SEED, (i, f) -> {
        String path = "/events" + query(f);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "localhost:" + server.port());
        if (f.random().nextInt(4) == 0) {
          h.put("Last-Event-ID", f.string().replace('\r', ' ').replace('\n', ' '));
        }
        // a request line cannot hold non-ASCII: what the generator made of it goes as Latin-1 bytes
        RawHttp r = RawHttp.send(server.port(), "GET", new String(path.getBytes(StandardCharsets.UTF_8),
            StandardCharsets.ISO_8859_1), h, null, true);
        Fuzz.assertClean("sse-query", i, path, r.status(), r.head());
      });
      assertThat(tried).isEqualTo(INPUTS);
      try (SseClient ok = SseClient.connect("http://localhost:" + server.port() + "/events", Map.of())) {
        assertThat(ok.status()).as("still serving").isEqualTo(200);
      }
    });
  }
}
