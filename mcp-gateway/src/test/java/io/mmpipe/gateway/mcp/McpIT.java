package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /mcp on real gateways, a real broker and a real redis-server, seen by the MCP Java SDK and by raw HTTP. */
class McpIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @AfterEach
  void closeAll() throws Exception {
    harness.close();
  }

  private GatewayMain gateway(Topics topics) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url()));
  }

  /** The MCP Java SDK's client of {@code gw}, with the consumers {@code consumers} adds; closed after the test. */
  private McpSyncClient sdk(GatewayMain gw, java.util.function.UnaryOperator<McpClient.SyncSpec> consumers) {
    return harness.track(consumers.apply(McpClient.sync(HttpClientStreamableHttpTransport.builder(base(gw))
        .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30))).build());
  }

  private static String base(GatewayMain gw) {
    return "http://127.0.0.1:" + gw.port();
  }

  @Test
  void shouldServeTheJavaSdkClientResourcesToolsAndSubscriptionNotifications() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics);
    var producer = harness.producer(topics);
    BlockingQueue<List<McpSchema.ResourceContents>> updated = new LinkedBlockingQueue<>();
    McpSyncClient client = sdk(gw, spec -> spec.resourcesUpdateConsumer(updated::add));

    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(init.serverInfo().name()).isEqualTo("mmpipe");
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .contains("mattermost://new_channel_posts", "mattermost://reactions");
    assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
        .contains("pipeline_status", "wait_for_updates");

    client.subscribeResource(McpSchema.SubscribeRequest.builder("mattermost://new_channel_posts").build());
    // the SDK opens its GET stream on its own schedule: post until a notification comes through it
    int[] n = {0};
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.post("c1", "sdk" + n[0]++, "Hello from Kafka"));
      return updated.poll(1, TimeUnit.SECONDS) != null;
    });
    // the SDK re-read the resource on the notification; reading it ourselves shows the post
    McpSchema.ReadResourceResult read = client.readResource(
        McpSchema.ReadResourceRequest.builder("mattermost://new_channel_posts").build());
    String text = ((McpSchema.TextResourceContents) read.contents().get(0)).text();
    assertThat(McpFixture.json(text).get("updates").get(0).get("event_id").asText()).startsWith("post_sdk");

    McpSchema.CallToolResult status = client.callTool(McpSchema.CallToolRequest.builder("pipeline_status").build());
    assertThat(status.isError()).isNotEqualTo(Boolean.TRUE);
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) status.structuredContent();
    assertThat(s.get("status")).isEqualTo("UP");
    assertThat(s.get("instance_id")).isEqualTo(gw.config().instanceId());
    client.closeGracefully();
  }

  @Test
  void shouldTellTheJavaSdkClientWhenANewChannelJoinsTheResourceList() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics);
    var producer = harness.producer(topics);
    BlockingQueue<List<McpSchema.Resource>> changed = new LinkedBlockingQueue<>();
    McpSyncClient client = sdk(gw, spec -> spec.resourcesChangeConsumer(changed::add));
    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.capabilities().resources().listChanged()).isTrue();
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .noneMatch(u -> u.startsWith("mattermost://channels/fresh"));

    // the SDK opens its GET stream on its own schedule: post in new channels until it hears of one
    int[] n = {0};
    List<McpSchema.Resource>[] got = new List[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.post("fresh" + n[0]++, "p" + n[0], "first words"));
      got[0] = changed.poll(1, TimeUnit.SECONDS);
      return got[0] != null;
    });
    // the SDK re-listed on the notification: the list it got holds the new channels
    assertThat(got[0]).extracting(McpSchema.Resource::uri).anyMatch(u -> u.startsWith("mattermost://channels/fresh"))
        .contains("mattermost://new_channel_posts");
    client.closeGracefully();
  }

  @Test
  void shouldServeASessionOnAnyInstanceAndNotifyTheStreamHeldByAnother() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    var producer = harness.producer(topics);
    String sid = McpFixture.initialize(a.port());
    HttpResponse<String> pingOnB = McpFixture.post(b.port(),
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", McpFixture.legacy(sid));
    assertThat(pingOnB.statusCode()).isEqualTo(200);
    assertThat(McpFixture.result(pingOnB)).isEmpty();

    Map<String, String> h = new HashMap<>(McpFixture.legacy(sid));
    h.put("Accept", "text/event-stream");
    SseClient streamOnA = harness.track(SseClient.connect(base(a) + "/mcp", h));
    assertThat(streamOnA.status()).isEqualTo(200);
    assertThat(streamOnA.next(Duration.ofSeconds(30)).data()).as("priming event").isEmpty();
    HttpResponse<String> sub = McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
        + "\"resources/subscribe\",\"params\":{\"uri\":\"mattermost://reactions\"}}", McpFixture.legacy(sid));
    assertThat(sub.statusCode()).isEqualTo(200);

    // A learns of B's subscription from Redis within its refresh interval; until then reactions go unnoticed
    int[] i = {0};
    SseClient.Event[] got = new SseClient.Event[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.reaction("c1", "p" + i[0]++, "eyes"));
      got[0] = nextUpdated(streamOnA, Duration.ofSeconds(1));
      return got[0] != null;
    });
    JsonNode note = McpFixture.json(got[0].data());
    assertThat(note.get("method").asText()).isEqualTo("notifications/resources/updated");
    assertThat(note.get("params").get("uri").asText()).isEqualTo("mattermost://reactions");
    assertThat(got[0].id()).isNotBlank();

    // A dies; reactions go on; the client resumes its GET stream on B after the last event it saw
    a.close();
    for (int k = 0; k < 3; k++) {
      GatewayHarness.publish(producer, topics, TestUpdates.reaction("c2", "gone" + k, "tada"));
    }
    Map<String, String> resume = new HashMap<>(h);
    resume.put("Last-Event-ID", got[0].id());
    SseClient onB = harness.track(SseClient.connect(base(b) + "/mcp", resume));
    assertThat(onB.status()).isEqualTo(200);
    onB.next(Duration.ofSeconds(30)); // priming
    List<SseClient.Event> missed = new java.util.ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (missed.size() < 3 && System.nanoTime() < until) {
      SseClient.Event e = nextUpdated(onB, Duration.ofSeconds(1));
      if (e != null) {
        missed.add(e);
      }
    }
    // each reaction sent after the last one A delivered: the ones A never got to, then the three new ones
    assertThat(missed).hasSizeGreaterThanOrEqualTo(3).extracting(e -> McpFixture.json(e.data()).get("params")
        .get("uri").asText()).containsOnly("mattermost://reactions");
    assertThat(missed).extracting(SseClient.Event::id).doesNotHaveDuplicates().doesNotContain(got[0].id());

    // the session ends through B; no instance serves it any more
    var delete = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(base(b) + "/mcp")).DELETE().header("Mcp-Session-Id", sid).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(McpFixture.post(b.port(), "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}",
        McpFixture.legacy(sid)).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAcknowledgeAModernListenFirstAndNotifyWithItsSubscriptionId() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics);
    var producer = harness.producer(topics);
    PostStream listen = harness.track(PostStream.open(gw.port(), McpFixture.modern(7, "subscriptions/listen",
        "\"notifications\":{\"resourceSubscriptions\":[\"mattermost://new_channel_posts\"]}"),
        McpFixture.modernHeaders("subscriptions/listen", null)));
    assertThat(listen.status()).isEqualTo(200);
    JsonNode ack = listen.next(Duration.ofSeconds(30));
    assertThat(ack.get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
    GatewayHarness.publish(producer, topics, TestUpdates.reaction("c1", "p1", "eyes"));
    GatewayHarness.publish(producer, topics, TestUpdates.post("c1", "p2", "hello"));
    JsonNode n = listen.next(Duration.ofSeconds(30));
    assertThat(n.get("method").asText()).isEqualTo("notifications/resources/updated");
    assertThat(n.get("params").get("uri").asText()).isEqualTo("mattermost://new_channel_posts");
    assertThat(n.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt()).isEqualTo(7);
    assertThat(listen.next(Duration.ofSeconds(1))).as("the reaction was not asked for").isNull();

    // DNS rebinding: the gateway is bound to loopback, so a foreign Host is refused (and the real one served)
    assertThat(statusWithHost(gw.port(), "evil.example:" + gw.port())).isEqualTo(403);
    assertThat(statusWithHost(gw.port(), "localhost:" + gw.port())).isEqualTo(200);
  }

  /** The next notifications/resources/updated, skipping list_changed (a new channel joins the list), or null. */
  private static SseClient.Event nextUpdated(SseClient stream, Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < until) {
      SseClient.Event e = stream.next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
      if (e == null || !e.data().contains("notifications/resources/list_changed")) {
        return e;
      }
    }
    return null;
  }

  /** The status of a modern server/discover sent with the given Host header (HttpClient will not set Host). */
  private static int statusWithHost(int port, String host) throws Exception {
    String body = McpFixture.modern(1, "server/discover", "");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
          + "Mcp-Method: server/discover\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void shouldRefuseNewSessionsClearlyWhileRedisIsDownAndKeepServingModernRequests() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics);
    REDIS.server().stop();
    try {
      HttpResponse<String> init = McpFixture.post(gw.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
          + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}", Map.of());
      assertThat(init.statusCode()).isEqualTo(503);
      JsonNode err = McpFixture.json(init.body()).get("error");
      assertThat(err.get("code").asInt()).isEqualTo(JsonRpc.INTERNAL_ERROR);
      assertThat(err.get("message").asText()).contains("Redis").contains("2026-07-28");
      assertThat(init.headers().firstValue("Mcp-Session-Id")).isEmpty();

      HttpResponse<String> discover = McpFixture.post(gw.port(), McpFixture.modern(2, "server/discover", ""),
          McpFixture.modernHeaders("server/discover", null));
      assertThat(discover.statusCode()).isEqualTo(200);
      assertThat(McpFixture.result(discover).get("resultType").asText()).isEqualTo("complete");
      HttpResponse<String> status = McpFixture.post(gw.port(), McpFixture.modern(3, "tools/call",
          "\"name\":\"pipeline_status\""), McpFixture.modernHeaders("tools/call", "pipeline_status"));
      JsonNode health = McpFixture.result(status).get("structuredContent");
      assertThat(health.get("components").get("redis").get("status").asText()).isEqualTo("DOWN");
      assertThat(health.get("status").asText()).isNotEqualTo("UP");
    } finally {
      REDIS.server().restart();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> McpFixture.post(gw.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,"
        + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}",
        Map.of()).statusCode() == 200);
  }

  @Test
  void shouldReadAChannelFromTheRedisCacheOnAnInstanceThatNeverSawItsUpdates() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    var producer = harness.producer(topics);
    var cache = a.cache().orElseThrow();
    publishUntilCached(producer, topics, "c9", "cached", () -> !cache.recent("c9", 1).isEmpty());
    // B starts at the live tail: its ring holds nothing of c9, so only Redis can answer
    GatewayMain b = gateway(topics);
    HttpResponse<String> read = McpFixture.post(b.port(), McpFixture.modern(1, "resources/read",
        "\"uri\":\"mattermost://channels/c9/posts\""),
        McpFixture.modernHeaders("resources/read", "mattermost://channels/c9/posts"));
    JsonNode body = McpFixture.json(McpFixture.result(read).get("contents").get(0).get("text").asText());
    assertThat(body.get("updates")).isNotEmpty();
    assertThat(body.get("updates")).extracting(u -> u.get("event_id").asText())
        .allMatch(e -> e.startsWith("post_cached"));
  }

  @Test
  void shouldReadAFeedFromRedisOnAnInstanceStartedAfterItsUpdatesAndFromTheRingWhileRedisIsDown() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    var producer = harness.producer(topics);
    var cache = a.cache().orElseThrow();
    publishUntilCached(producer, topics, "c8", "early",
        () -> !cache.recentFeed("mattermost://new_channel_posts", 1).isEmpty());
    // B starts at the live tail: its ring holds none of these posts, so only Redis can answer
    GatewayMain b = gateway(topics);
    double hits = reads(b, "hit");
    JsonNode body = readFeed(b, 1);
    assertThat(body.get("updates")).extracting(u -> u.get("event_id").asText())
        .as("the posts written before B started, from Redis").isNotEmpty().allMatch(e -> e.startsWith("post_early"));
    assertThat(reads(b, "hit")).isEqualTo(hits + 1);
    String token = body.get("resume_token").asText();

    // after the read's token: B's ring gets it; wait_for_updates from the token brings it and nothing before it
    GatewayHarness.publish(producer, topics, TestUpdates.post("c8", "late", "after the read"));
    JsonNode waited = McpFixture.result(McpFixture.post(b.port(), McpFixture.modern(2, "tools/call",
        "\"name\":\"wait_for_updates\",\"arguments\":{\"resume_token\":\"" + token
            + "\",\"resource\":\"mattermost://new_channel_posts\",\"timeout_seconds\":30}"),
        McpFixture.modernHeaders("tools/call", "wait_for_updates"))).get("structuredContent");
    assertThat(waited.get("updates")).extracting(u -> u.get("event_id").asText()).containsExactly("post_late");

    REDIS.server().stop();
    try {
      double misses = reads(b, "miss");
      assertThat(readFeed(b, 3).get("updates")).extracting(u -> u.get("event_id").asText())
          .as("Redis down: B's own ring answers").containsExactly("post_late");
      assertThat(reads(b, "miss")).isEqualTo(misses + 1);
    } finally {
      REDIS.server().restart();
    }
  }

  private static JsonNode readFeed(GatewayMain gw, int id) throws Exception {
    HttpResponse<String> feed = McpFixture.post(gw.port(), McpFixture.modern(id, "resources/read",
        "\"uri\":\"mattermost://new_channel_posts\""),
        McpFixture.modernHeaders("resources/read", "mattermost://new_channel_posts"));
    return McpFixture.json(McpFixture.result(feed).get("contents").get(0).get("text").asText());
  }

  /** The read counter of /metrics for {@code result} (hit or miss). */
  private static double reads(GatewayMain gw, String result) throws Exception {
    HttpResponse<String> m = McpFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(base(gw) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher x = java.util.regex.Pattern.compile("(?m)^mmpipe_gateway_cache_reads_total\\{[^}]*result=\""
        + result + "\"[^}]*} ([0-9.eE+-]+)$").matcher(m.body());
    assertThat(x.find()).as("the counter of " + result + " on /metrics").isTrue();
    return Double.parseDouble(x.group(1));
  }

  /**
   * The cache consumer joins its group asynchronously: publish posts {@code <prefix>0, 1, ...} in {@code channel}
   * until {@code cached} says Redis holds something.
   */
  private static void publishUntilCached(KafkaProducer<String, ResourceUpdate> producer, Topics topics,
      String channel, String prefix, Callable<Boolean> cached) {
    int[] i = {0};
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.post(channel, prefix + i[0]++, "kept in Redis"));
      return cached.call();
    });
  }
}
