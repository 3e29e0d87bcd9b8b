package io.mmpipe.gateway.mcp;

import static io.mmpipe.gateway.mcp.McpFixture.json;
import static io.mmpipe.gateway.mcp.McpFixture.legacy;
import static io.mmpipe.gateway.mcp.McpFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The legacy GET stream and the modern listen stream of /mcp, over an in-memory ring. */
class McpStreamsTest {

  private final McpFixture fixture = new McpFixture(2);

  private static String subscribe(String method, String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":{\"uri\":\"" + uri + "\"}}";
  }

  private static SseClient get(int port, String sid, String lastEventId) {
    Map<String, String> h = new HashMap<>(legacy(sid));
    h.put("Accept", "text/event-stream");
    if (lastEventId != null) {
      h.put("Last-Event-ID", lastEventId);
    }
    return SseClient.connect("http://localhost:" + port + "/mcp", h);
  }

  /** Updates in {@code channels} before any stream opens: they are in the resource list from the start. */
  private void knownChannels(String... channels) {
    for (String c : channels) {
      fixture.append(0, TestUpdates.post(c, "warm-" + c, "before the streams"));
    }
  }

  @Test
  void shouldTellTheGetStreamAndOnlyTheListensThatAskedWhenAChannelJoinsTheResourceList() {
    McpFixture roomy = new McpFixture(4);
    JavalinTest.test(roomy.app(), (server, client) -> {
      int port = server.port();
      roomy.append(0, TestUpdates.post("c1", "w1", "known before the streams"));
      String sid = McpFixture.initialize(port);
      try (SseClient stream = get(port, sid, null);
           PostStream asked = PostStream.open(port, McpFixture.modern(9, "subscriptions/listen",
               "\"notifications\":{\"resourcesListChanged\":true}"),
               McpFixture.modernHeaders("subscriptions/listen", null));
           PostStream notAsked = PostStream.open(port, McpFixture.modern(10, "subscriptions/listen",
               "\"notifications\":{\"resourceSubscriptions\":[\"mattermost://new_channel_posts\"]}"),
               McpFixture.modernHeaders("subscriptions/listen", null))) {
        stream.next(Duration.ofSeconds(10)); // priming
        assertThat(asked.next(Duration.ofSeconds(10)).get("params").get("notifications")
            .get("resourcesListChanged").asBoolean()).isTrue();
        assertThat(notAsked.next(Duration.ofSeconds(10)).get("params").get("notifications")
            .has("resourcesListChanged")).isFalse();
        assertThat(allResourceUris(port)).doesNotContain("mattermost://channels/c9/posts");

        roomy.append(0, TestUpdates.post("c1", "p1", "a channel the list holds"));
        roomy.append(1, TestUpdates.post("c9", "p2", "a channel it did not hold"));
        JsonNode onGet = json(stream.next(Duration.ofSeconds(10)).data());
        assertThat(onGet.get("method").asText()).isEqualTo("notifications/resources/list_changed");
        assertThat(stream.next(Duration.ofMillis(500))).as("once, for the new channel only").isNull();
        JsonNode onListen = asked.next(Duration.ofSeconds(10));
        assertThat(onListen.get("method").asText()).isEqualTo("notifications/resources/list_changed");
        assertThat(onListen.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt())
            .isEqualTo(9);
        assertThat(notAsked.next(Duration.ofSeconds(10)).get("method").asText())
            .isEqualTo("notifications/resources/updated");
        assertThat(notAsked.next(Duration.ofSeconds(10)).get("method").asText())
            .isEqualTo("notifications/resources/updated");
        assertThat(notAsked.next(Duration.ofMillis(500))).as("list changes were not asked for").isNull();
        assertThat(allResourceUris(port)).contains("mattermost://channels/c9/posts", "mattermost://channels/c1/posts");
      }
    });
  }

  /** Every uri of resources/list, page by page (the fixture's pages are small). */
  private static java.util.List<String> allResourceUris(int port) throws Exception {
    java.util.List<String> uris = new java.util.ArrayList<>();
    String cursor = null;
    do {
      ObjectNode r = McpFixture.result(post(port, McpFixture.modern(20, "resources/list",
          cursor == null ? "" : "\"cursor\":\"" + cursor + "\""), McpFixture.modernHeaders("resources/list", null)));
      r.get("resources").forEach(n -> uris.add(n.get("uri").asText()));
      cursor = r.has("nextCursor") ? r.get("nextCursor").asText() : null;
    } while (cursor != null);
    return uris;
  }

  @Test
  void shouldPrimeTheGetStreamAndNotifySubscribedResourcesWithResumableIds() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      knownChannels("c1", "c7");
      String sid = McpFixture.initialize(port);
      String firstId;
      try (SseClient stream = get(port, sid, null)) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        SseClient.Event priming = stream.next(Duration.ofSeconds(10));
        assertThat(priming.id()).isNotBlank();
        assertThat(priming.data()).isEmpty();
        assertThat(stream.retryMs()).isEqualTo(2000L);

        assertThat(post(port, subscribe("resources/subscribe", "mattermost://reactions"), legacy(sid)).statusCode())
            .isEqualTo(200);
        assertThat(post(port, subscribe("resources/subscribe", "mattermost://channels/c7/posts"), legacy(sid))
            .statusCode()).isEqualTo(200);
        fixture.append(0, TestUpdates.post("c1", "p1", "not subscribed"));
        fixture.append(1, TestUpdates.reaction("c1", "p1", "eyes"));
        fixture.append(0, TestUpdates.post("c7", "p2", "in c7"));
        SseClient.Event first = stream.next(Duration.ofSeconds(10));
        assertThat(first.event()).isEqualTo("message");
        assertThat(first.id()).isNotBlank().isNotEqualTo(priming.id());
        JsonNode n = json(first.data());
        assertThat(n.get("method").asText()).isEqualTo("notifications/resources/updated");
        assertThat(n.get("params").get("uri").asText()).isEqualTo("mattermost://reactions");
        assertThat(n.has("id")).isFalse();
        SseClient.Event second = stream.next(Duration.ofSeconds(10));
        assertThat(json(second.data()).get("params").get("uri").asText()).isEqualTo("mattermost://channels/c7/posts");
        assertThat(stream.next(Duration.ofMillis(500))).isNull();
        firstId = first.id();
      }
      // resume after the first notification: the second comes again, nothing before it
      try (SseClient resumed = get(port, sid, firstId)) {
        resumed.next(Duration.ofSeconds(10)); // priming
        SseClient.Event again = resumed.next(Duration.ofSeconds(10));
        assertThat(json(again.data()).get("params").get("uri").asText()).isEqualTo("mattermost://channels/c7/posts");
        assertThat(post(port, subscribe("resources/unsubscribe", "mattermost://reactions"), legacy(sid))
            .statusCode()).isEqualTo(200);
        fixture.append(1, TestUpdates.reaction("c1", "p1", "tada"));
        assertThat(resumed.next(Duration.ofMillis(800))).as("unsubscribed").isNull();
      }
    });
  }

  @Test
  void shouldNotifyASubscriptionMadeElsewhereOfWhatTheStreamPassedBeforeItHeardOfIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      knownChannels("c1");
      String sid = McpFixture.initialize(port);
      try (SseClient stream = get(port, sid, null)) {
        String since = stream.next(Duration.ofSeconds(10)).id(); // the priming id: the position before any update
        post(port, subscribe("resources/subscribe", "mattermost://reactions"), legacy(sid));
        fixture.append(0, TestUpdates.post("c1", "p1", "after the other instance acknowledged"));
        fixture.append(1, TestUpdates.reaction("c1", "p1", "eyes"));
        SseClient.Event reaction = stream.next(Duration.ofSeconds(10));
        assertThat(json(reaction.data()).get("params").get("uri").asText())
            .as("the stream has passed the post").isEqualTo("mattermost://reactions");

        // another instance acknowledged new_channel_posts at `since`; this stream hears of it only now
        fixture.sessions.subscribe(sid, "mattermost://new_channel_posts");
        fixture.routes.heard(new InstanceBus.Note(SessionMethods.SUBSCRIPTIONS, sid, null, "{\"uris\":"
            + "[\"mattermost://reactions\",\"mattermost://new_channel_posts\"],\"since\":\"" + since + "\"}"));
        SseClient.Event owed = stream.next(Duration.ofSeconds(10));
        assertThat(owed).as("the post the stream passed is owed a notification").isNotNull();
        assertThat(json(owed.data()).get("params").get("uri").asText()).isEqualTo("mattermost://new_channel_posts");
        assertThat(owed.id()).as("sent without an id: the last event id (the resume position) stays")
            .isEqualTo(reaction.id());

        fixture.append(0, TestUpdates.post("c1", "p2", "later"));
        SseClient.Event next = stream.next(Duration.ofSeconds(10));
        assertThat(json(next.data()).get("params").get("uri").asText()).isEqualTo("mattermost://new_channel_posts");
        assertThat(next.id()).isNotBlank();
        assertThat(stream.next(Duration.ofMillis(500))).as("each update notified once").isNull();
      }
    });
  }

  @Test
  void shouldRefuseGetStreamsWithoutSessionOrEventStreamAndPastTheLimit() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      try (SseClient none = SseClient.connect("http://localhost:" + port + "/mcp",
          Map.of("Accept", "text/event-stream"))) {
        assertThat(none.status()).isEqualTo(400);
      }
      String a = McpFixture.initialize(port);
      String b = McpFixture.initialize(port);
      String c = McpFixture.initialize(port);
      try (SseClient badToken = get(port, a, "1garbage")) {
        assertThat(badToken.status()).isEqualTo(400);
      }
      try (SseClient s1 = get(port, a, null); SseClient s2 = get(port, b, null)) {
        s1.next(Duration.ofSeconds(10));
        s2.next(Duration.ofSeconds(10));
        try (SseClient s3 = get(port, c, null)) {
          assertThat(s3.status()).as("a third stream past MCP_MAX_STREAMS=2").isEqualTo(503);
        }
        // a second GET of the same session replaces the first (a message goes to one stream only)
        try (SseClient again = get(port, a, null)) {
          assertThat(again.status()).isEqualTo(200);
          again.next(Duration.ofSeconds(10));
          org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(s1::ended);
        }
      }
    });
  }

  @Test
  void shouldAcknowledgeAListenFirstThenNotifyWithTheSubscriptionIdAndEndGracefullyOnDrain() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      try (PostStream listen = PostStream.open(port, McpFixture.modern(42, "subscriptions/listen",
          "\"notifications\":{\"resourceSubscriptions\":[\"mattermost://new_channel_posts\"],"
              + "\"toolsListChanged\":true}"), McpFixture.modernHeaders("subscriptions/listen", null))) {
        assertThat(listen.status()).isEqualTo(200);
        assertThat(listen.header("content-type")).startsWith("text/event-stream");
        JsonNode ack = listen.next(Duration.ofSeconds(10));
        assertThat(ack.get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt())
            .isEqualTo(42);
        assertThat(ack.get("params").get("notifications").get("resourceSubscriptions").get(0).asText())
            .isEqualTo("mattermost://new_channel_posts");
        assertThat(ack.get("params").get("notifications").has("toolsListChanged"))
            .as("tool list changes are not honoured: the tool list never changes").isFalse();

        fixture.append(1, TestUpdates.reaction("c1", "p1", "eyes"));
        fixture.append(0, TestUpdates.post("c1", "p2", "hello"));
        JsonNode n = listen.next(Duration.ofSeconds(10));
        assertThat(n.get("method").asText()).isEqualTo("notifications/resources/updated");
        assertThat(n.get("params").get("uri").asText()).isEqualTo("mattermost://new_channel_posts");
        assertThat(n.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt()).isEqualTo(42);
        assertThat(listen.next(Duration.ofMillis(500))).as("only the requested resource").isNull();

        fixture.routes.drain();
        JsonNode last = listen.next(Duration.ofSeconds(10));
        assertThat(last.get("id").asInt()).isEqualTo(42);
        assertThat(last.get("result").get("resultType").asText()).isEqualTo("complete");
        assertThat(last.get("result").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt())
            .isEqualTo(42);
      }
    });
  }

  @Test
  void shouldReleaseTheListenSlotWhenTheClientClosesTheStream() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String body = McpFixture.modern(1, "subscriptions/listen",
          "\"notifications\":{\"resourceSubscriptions\":[\"mattermost://typing\"]}");
      PostStream one = PostStream.open(port, body, McpFixture.modernHeaders("subscriptions/listen", null));
      one.next(Duration.ofSeconds(10));
      assertThat(fixture.routes.openStreams()).isEqualTo(1);
      // counted as an MCP client while its pump runs (it starts right after the acknowledgement)
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> fixture.metrics.clients().json().path("mcp").asInt() == 1);
      one.close();
      // the server notices at its next write (a keep-alive within 300 ms) and cancels the stream
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> fixture.routes.openStreams() == 0 && fixture.metrics.clients().json().path("mcp").asInt() == 0);
    });
  }

  @Test
  void shouldEndTheGetStreamWhenItsSessionEndsOnAnotherInstance() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int port = server.port();
      String sid = McpFixture.initialize(port);
      try (SseClient stream = get(port, sid, null)) {
        stream.next(Duration.ofSeconds(10));
        fixture.sessions.delete(sid); // as a DELETE served by another instance leaves the shared store
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::ended);
      }
    });
  }
}
