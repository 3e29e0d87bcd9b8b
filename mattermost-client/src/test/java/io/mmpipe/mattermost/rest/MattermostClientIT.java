package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.runtime.config.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client's policy (auth header, retry, 429, giving up, the since cap walk) against a local HTTP server that
 * plays Mattermost's answers, including ones the simulator never gives. The calls against the simulator are in the
 * {@code *ApiIT} classes.
 */
class MattermostClientIT {

  private static final String TOKEN = "secret-token-xyz";
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private MattermostClient client;

  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private void serve(String path, Handler h) {
    server.createContext(path, ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      authHeaders.add(ex.getRequestHeaders().getFirst("Authorization"));
      h.handle(ex);
    });
  }

  private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
    client = new MattermostClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        Secret.of(TOKEN), "MATTERMOST_TOKEN", new RestPolicy(1000, 4, Duration.ofMillis(20), Duration.ofSeconds(2),
            Duration.ofSeconds(5)));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.stop(0);
  }

  @Test
  void shouldSendTokenOnlyAsBearerHeader() {
    serve("/api/v4/users/me", ex -> send(ex, 200, "{\"id\":\"bot1\",\"username\":\"bot\"}", Map.of()));
    assertThat(client.users().me().get("id").asText()).isEqualTo("bot1");
    assertThat(authHeaders).containsExactly("Bearer " + TOKEN);
    assertThat(requests).noneMatch(r -> r.contains(TOKEN));
  }

  @Test
  void shouldRetry429HonouringRetryAfterThenSucceed() {
    AtomicInteger calls = new AtomicInteger();
    serve("/api/v4/users/me/teams", ex -> {
      if (calls.incrementAndGet() <= 2) {
        send(ex, 429, "limit exceeded", Map.of("Retry-After", "0", "X-Ratelimit-Reset", "0"));
      } else {
        send(ex, 200, "[{\"id\":\"t1\"},{\"id\":\"t2\"}]", Map.of());
      }
    });
    assertThat(client.teams().myTeamIds()).containsExactly("t1", "t2");
    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldGiveUpOnPersistent503AfterMaxAttempts() {
    AtomicInteger calls = new AtomicInteger();
    serve("/api/v4/users/me", ex -> {
      calls.incrementAndGet();
      send(ex, 503, "{\"id\":\"x\",\"message\":\"down\"}", Map.of());
    });
    assertThatThrownBy(client.users()::me).isInstanceOf(MattermostApiException.class)
        .hasMessageContaining("503");
    assertThat(calls).hasValue(4);
  }

  @Test
  void shouldNotRetry401AndSayWhatIsWrong() {
    serve("/api/v4/users/me", ex -> send(ex, 401, "{\"id\":\"api.context.session_expired.app_error\","
        + "\"message\":\"Invalid or expired session, please login again.\",\"status_code\":401}", Map.of()));
    assertThatThrownBy(client.users()::me).isInstanceOf(MattermostApiException.class)
        .hasMessageContaining("MATTERMOST_TOKEN").hasMessageContaining("session_expired")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(requests).hasSize(1);
  }

  @Test
  void shouldSendTheSamePendingPostIdOnEveryAttemptOfOneCreate() {
    List<String> bodies = new CopyOnWriteArrayList<>();
    serve("/api/v4/posts", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (bodies.size() == 1) {
        send(ex, 503, "{\"id\":\"x\",\"message\":\"busy\"}", Map.of());
      } else {
        send(ex, 201, "{\"id\":\"p1\",\"message\":\"hi\"}", Map.of());
      }
    });
    assertThat(client.posts().create("c1", "hi", null, null).path("id").asText()).isEqualTo("p1");
    client.posts().create("c1", "hi", null, null);
    List<String> pending = bodies.stream().map(b -> parse(b).path("pending_post_id").asText()).toList();
    assertThat(pending).hasSize(3).doesNotContain("");
    // a retry repeats its call's id, so the server can dedupe; a new call has a new one
    assertThat(pending.get(1)).isEqualTo(pending.get(0));
    assertThat(pending.get(2)).isNotEqualTo(pending.get(0));
  }

  private static ObjectNode post(String id, long createAt, long updateAt) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("id", id).put("channel_id", "c1").put("create_at", createAt).put("update_at", updateAt)
        .put("delete_at", 0).put("original_id", "").put("root_id", "").put("message", "m");
    return p;
  }

  private static String postList(List<ObjectNode> posts) {
    ObjectNode list = Json.MAPPER.createObjectNode();
    ArrayNode order = list.putArray("order");
    ObjectNode map = list.putObject("posts");
    posts.forEach(p -> {
      order.add(p.get("id").asText());
      map.set(p.get("id").asText(), p);
    });
    list.put("next_post_id", "").put("prev_post_id", "").put("has_next", false);
    return list.toString();
  }

  /**
   * Channel c1: 1300 posts created after 1000; any since answer over 1000 rows is an arbitrary 1000 of them; pages by
   * before=; include_deleted answered 403 when {@code refuseDeleted}.
   */
  private void serveChannelOf1300Posts(boolean refuseDeleted) {
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < 1300; i++) {
      all.add(post(String.format("p%04d", i), 2000 + i, 2000 + i));
    }
    List<ObjectNode> newestFirst = new ArrayList<>(all.reversed());
    serve("/api/v4/channels/c1/posts", ex -> {
      String q = ex.getRequestURI().getQuery();
      if (q.startsWith("since=")) {
        long t = Long.parseLong(q.substring("since=".length()));
        List<ObjectNode> newer = all.stream().filter(p -> p.get("update_at").asLong() > t).limit(1000).toList();
        send(ex, 200, postList(newer), Map.of());
      } else if (refuseDeleted && q.contains("include_deleted=true")) {
        send(ex, 403, "{\"id\":\"api.context.permissions.app_error\",\"message\":\"You do not have the "
            + "appropriate permissions.\",\"status_code\":403}", Map.of());
      } else {
        String before = q.contains("before=") ? q.replaceAll(".*before=([^&]+).*", "$1") : null;
        int from = before == null ? 0 : newestFirst.indexOf(newestFirst.stream()
            .filter(p -> p.get("id").asText().equals(before)).findFirst().orElseThrow()) + 1;
        send(ex, 200, postList(newestFirst.subList(from, Math.min(newestFirst.size(), from + 200))), Map.of());
      }
    });
  }

  @Test
  void shouldStopAWalkAtItsPageLimitAndReportWhatItDidNotReachAsAGap() {
    serveChannelOf1300Posts(false);
    PostRows rows = new ChangeWalk(client.posts(), 3).since("c1", 1000, 0);
    assertThat(rows.capped()).isTrue();
    assertThat(requests.stream().filter(r -> r.contains("per_page=200"))).hasSize(3);
    assertThat(rows.gap()).isNotNull();
    assertThat(rows.gap().deletionsHidden()).isFalse();
    // three pages of 200, each read again from one row above its oldest: 598 posts, down to create_at 2702
    assertThat(rows.gap().postsCreatedBefore()).isEqualTo(2000 + 1300 - 598);
  }

  @Test
  void shouldWalkPagesBeforeAPostAndGoOnWithoutDeletedPostsWhenTheServerRefusesThem() {
    serveChannelOf1300Posts(true);
    PostRows rows = client.posts().since("c1", 1000, 0);
    assertThat(rows.capped()).isTrue();
    assertThat(rows.rows()).hasSize(1300);
    assertThat(rows.rows().stream().map(p -> p.get("id").asText()).distinct()).hasSize(1300);
    // the walk reached the first post, but deleted ones were out of reach: that is the gap
    assertThat(rows.gap()).isNotNull();
    assertThat(rows.gap().deletionsHidden()).isTrue();
    assertThat(rows.gap().postsCreatedBefore()).isZero();
    assertThat(rows.gap().from()).isEqualTo(1000);
    List<String> walk = requests.stream().filter(r -> r.contains("per_page=")).toList();
    assertThat(walk.getFirst()).contains("include_deleted=true");
    assertThat(walk.subList(1, walk.size())).hasSize(7).allMatch(r -> r.contains("per_page=200"))
        .noneMatch(r -> r.contains("include_deleted"));
    // anchored one row above the page's oldest, so rows sharing its millisecond are read again, not skipped
    assertThat(walk.get(2)).contains("before=p1101");
    // the token's refusal is learnt once: the next walk does not ask again
    requests.clear();
    client.posts().since("c1", 1000, 0);
    assertThat(requests).noneMatch(r -> r.contains("include_deleted"));
  }

  @Test
  void shouldAskReactionsOfManyPostsInOneCallAndReturnEveryId() {
    List<String> bodies = new CopyOnWriteArrayList<>();
    serve("/api/v4/posts/ids/reactions", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      send(ex, 200, "{\"p1\":[{\"user_id\":\"u1\",\"post_id\":\"p1\",\"emoji_name\":\"+1\",\"create_at\":5}],"
          + "\"p2\":[]}", Map.of());
    });
    var r = client.posts().reactionsOf(List.of("p1", "p2"));
    assertThat(requests).containsExactly("POST /api/v4/posts/ids/reactions");
    JsonNode sent = parse(bodies.get(0));
    assertThat(sent.isArray()).isTrue();
    assertThat(sent.toString()).isEqualTo("[\"p1\",\"p2\"]");
    assertThat(r.get("p1")).singleElement().satisfies(x -> {
      assertThat(x.get("emoji_name").asText()).isEqualTo("+1");
      assertThat(x.get("post_id").asText()).isEqualTo("p1");
    });
    assertThat(r.get("p2")).isEmpty();
  }

  private static JsonNode parse(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
