package io.mmpipe.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.Topics;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code export_channel_history} on two real gateway instances (real broker, real redis-server) reading a simulator
 * channel of several thousand posts with the simulator's rate limiter on and 429s injected mid-export.
 */
class ExportChannelHistoryIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  static final int POSTS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static MattermostSim sim;
  private static String channel;
  private static final List<String> postIds = new ArrayList<>();
  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @BeforeAll
  static void startSimulatorWithALongChannel() {
    sim = MattermostSim.start(SimConfig.defaults().withRateLimit(true));
    String alice = sim.world().userIds().get(0);
    String botId;
    try (MattermostClient bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        RestPolicy.defaults(5))) {
      botId = bot.users().me().path("id").asText();
    }
    channel = sim.world().createChannel(alice, "export-history", 'O');
    sim.world().addMember(channel, botId);
    for (int i = 0; i < POSTS; i++) {
      String id = i % 10 == 9 ? sim.world().createReply(alice, postIds.get(i - 1), "reply " + i).id()
          : sim.world().createPost(alice, channel, "post " + i).id();
      postIds.add(id);
    }
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @AfterEach
  void closeAll() {
    sim.faults().failRest(429, 0, Duration.ZERO); // what a cancelled export left unused must not reach the next test
    harness.close();
  }

  private GatewayMain gateway(Topics topics) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url(), "MATTERMOST_URL", sim.baseUrl().toString(),
        "MATTERMOST_TOKEN", sim.botToken()));
  }

  private McpSyncClient client(GatewayMain gw, List<McpSchema.ProgressNotification> progress) {
    McpSyncClient c = harness.track(McpClient.sync(HttpClientStreamableHttpTransport
            .builder("http://127.0.0.1:" + gw.port()).endpoint("/mcp").build())
        .requestTimeout(WAIT).progressConsumer(progress::add).build());
    c.initialize();
    return c;
  }

  private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  private static JsonNode data(McpSchema.CallToolResult r) {
    return JSON.valueToTree(r.structuredContent());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  /** The ids of the exported lines, in file order. */
  private static List<String> exportedIds(McpSyncClient c, String uri) throws Exception {
    McpSchema.ReadResourceResult r = c.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
    McpSchema.TextResourceContents t = (McpSchema.TextResourceContents) r.contents().get(0);
    assertThat(t.mimeType()).isEqualTo("application/x-ndjson");
    List<String> ids = new ArrayList<>();
    for (String line : t.text().split("\n")) {
      ids.add(JSON.readTree(line).path("id").asText());
    }
    return ids;
  }

  /** Two gateway instances on the same topics and Redis, an MCP client on each. */
  private record Two(GatewayMain a, GatewayMain b, McpSyncClient onA, McpSyncClient onB) {}

  private Two twoInstances() {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    return new Two(a, b, client(a, new ArrayList<>()), client(b, new ArrayList<>()));
  }

  private static HttpResponse<String> get(GatewayMain gw, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldExportEveryPostOldestFirstWithOrderedProgressDespite429sAndShowItOnAnotherInstance() throws Exception {
    Two two = twoInstances();
    GatewayMain a = two.a();
    GatewayMain b = two.b();
    McpSyncClient onA = two.onA();
    McpSyncClient onB = two.onB();
    assertThat(call(onA, "get_channel", Map.of("channel_id", channel)).isError()).isNotEqualTo(true); // cached now

    sim.faults().failRest(429, 5, Duration.ofSeconds(1)); // the first page: the client's 3 tries, then ours
    McpSchema.CallToolResult started = call(onA, "export_channel_history", Map.of("channel_id", channel));
    JsonNode state = data(started);
    assertThat(state.path("status").asText()).isEqualTo("running");
    String id = state.path("operation_id").asText();
    List<OperationEvent> seenOnB = new CopyOnWriteArrayList<>();
    AutoCloseable watch = b.operations().watch(id, seenOnB::add);
    await().atMost(WAIT).until(() -> !seenOnB.isEmpty() && seenOnB.getLast().terminal());
    watch.close();

    // B starts watching once the call has answered: the start's status event may or may not come before the watch
    List<OperationEvent> fromFirstPage = seenOnB.stream().dropWhile(e -> e.eventType().equals("status")).toList();
    List<String> types = fromFirstPage.stream().map(OperationEvent::eventType).toList();
    assertThat(types).startsWith("log").endsWith("progress", "result", "completed");
    assertThat(fromFirstPage.getFirst().data().path("message").asText()).contains("HTTP 429")
        .contains("waiting 1000 ms");
    List<Double> progress = seenOnB.stream().filter(e -> e.eventType().equals("progress"))
        .map(e -> e.data().path("progress").asDouble()).toList();
    assertThat(progress).hasSize(POSTS / ChannelExport.PER_PAGE + 1).isSorted();
    assertThat(progress.getFirst()).isGreaterThan(0).isLessThan(0.1);
    assertThat(seenOnB.stream().filter(e -> e.eventType().equals("progress"))
        .map(e -> e.data().path("details").path("posts").asInt()).toList()).isSorted().endsWith(POSTS);
    assertThat(seenOnB.getLast().data().path("status").asText()).isEqualTo("completed");
    System.out.printf("export of %d posts with 5 injected 429s: %.1f s%n", POSTS,
        seenOnB.getLast().data().path("duration").asDouble()); // a figure for the README, not an assertion

    JsonNode got = data(call(onB, "get_operation", Map.of("operation_id", id)));
    assertThat(got.path("status").asText()).isEqualTo("completed");
    assertThat(got.path("progress").asDouble()).isEqualTo(1.0);
    String uri = got.path("result_uri").asText();
    assertThat(uri).isEqualTo("mmpipe://operations/" + id + "/result");
    assertThat(exportedIds(onB, uri)).as("every post, oldest first, read on the other instance")
        .containsExactlyElementsOf(postIds);
    assertThat(onB.listResources().resources()).extracting(McpSchema.Resource::uri).contains(uri);

    HttpResponse<String> one = get(b, "/v1/operations/" + id);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("status").asText()).isEqualTo("completed");
    JsonNode recent = JSON.readTree(get(a, "/v1/operations").body());
    assertThat(recent.path("operations").get(0).path("operation_id").asText()).isEqualTo(id);
    assertThat(recent.path("shared").asBoolean()).isTrue();
  }

  @Test
  void shouldSendEveryMcpProgressNotificationToACallerThatAskedAndAnswerWhenDone() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    McpSyncClient c = client(a, progress);
    McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder("export_channel_history")
        .arguments(Map.of("channel_id", channel, "limit", 1000)).progressToken("p-1").build());
    JsonNode state = data(r);
    assertThat(state.path("status").asText()).isEqualTo("completed");
    // the SDK's sync client hands each notification to the consumer on its own boundedElastic task, so the order in
    // which the list fills is not the order of the stream; the order on the wire is checked by WsOperationsIT
    assertThat(progress).extracting(McpSchema.ProgressNotification::progress).hasSize(5).doesNotHaveDuplicates();
    assertThat(progress.stream().max(java.util.Comparator.comparingDouble(McpSchema.ProgressNotification::progress))
        .orElseThrow().message()).isEqualTo("read 1000 posts in 5 pages");
    assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p-1"));
    assertThat(exportedIds(c, state.path("result_uri").asText()))
        .containsExactlyElementsOf(postIds.subList(POSTS - 1000, POSTS));
  }

  @Test
  void shouldEndInErrorWithTheReasonWhenCancelledMidwayFromAnotherInstance() throws Exception {
    Two two = twoInstances();
    GatewayMain a = two.a();
    GatewayMain b = two.b();
    McpSyncClient onA = two.onA();
    McpSyncClient onB = two.onB();
    // the refusals hold the page after the first one: armed as soon as the running operation shows progress (a watch
    // callback, the earlier way, can come after the whole export on a loaded machine)
    Thread arm = armRefusals(() -> {
      List<OperationState> newest = a.operations().recent(1);
      return !newest.isEmpty() && newest.getFirst().progress() > 0;
    });
    String id = data(call(onA, "export_channel_history", Map.of("channel_id", channel)))
        .path("operation_id").asText();
    List<OperationEvent> seen = new CopyOnWriteArrayList<>();
    a.operations().watch(id, seen::add);
    arm.join(WAIT.toMillis());
    assertThat(a.operations().get(id).orElseThrow().progress()).as("the first page was read").isPositive();
    JsonNode asked = data(call(onB, "cancel_operation", Map.of("operation_id", id)));
    assertThat(asked.path("cancel_requested").asBoolean()).isTrue();
    await().atMost(WAIT).until(() -> !seen.isEmpty() && seen.getLast().terminal());

    OperationEvent last = seen.getLast();
    assertThat(last.eventType()).isEqualTo("error");
    assertThat(last.data().path("error").asText()).isEqualTo("cancelled by client");
    JsonNode st = data(call(onB, "get_operation", Map.of("operation_id", id)));
    assertThat(st.path("status").asText()).isEqualTo("cancelled");
    assertThat(st.path("error").asText()).isEqualTo("cancelled by client");
    assertThat(st.path("result_uri").isNull()).isTrue();
    assertThat(seen.stream().filter(e -> e.eventType().equals("progress")).count())
        .as("stopped mid-way").isLessThan(POSTS / ChannelExport.PER_PAGE);
  }

  /**
   * Keeps an export running while its cancellation arrives: 4 refusals (429, Retry-After 1 s) hold its next page for
   * seconds, armed by a thread spinning until {@code started} holds. Polling for the operation (every 100 ms), then
   * arming, let the 15-page export finish first in loaded fresh-clone CI runs (it was "completed", not cancelled).
   */
  private static Thread armRefusals(java.util.function.BooleanSupplier started) {
    return Thread.ofPlatform().name("arm-429s").start(() -> {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!started.getAsBoolean() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      sim.faults().failRest(429, 4, Duration.ofSeconds(1));
    });
  }

  private static HttpResponse<String> post(GatewayMain gw, String body, String session) throws Exception {
    return post(gw, body, session == null ? Map.of()
        : Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
  }

  private static HttpResponse<String> post(GatewayMain gw, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/mcp"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldCancelTheOperationWhenTheCallerCancelsAFollowedCall() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    String sid = post(a, """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
         "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", Map.of())
        .headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(a, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", sid);
    Thread arm = armRefusals(() -> !a.operations().recent(1).isEmpty());
    var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return post(a, "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"export_channel_history\",\"arguments\":{\"channel_id\":\"" + channel + "\"},"
            + "\"_meta\":{\"progressToken\":\"p-41\"}}}", sid);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    arm.join(WAIT.toMillis());
    assertThat(a.operations().recent(1)).as("the operation started").isNotEmpty();
    String id = a.operations().recent(1).getFirst().operationId();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
      post(a, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":41,"
          + "\"reason\":\"user gave up\"}}", sid);
      return a.operations().get(id).orElseThrow().terminal();
    });
    OperationState st = a.operations().get(id).orElseThrow();
    assertThat(st.status()).isEqualTo("cancelled");
    assertThat(st.error()).isEqualTo("cancelled by client");
    call.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void shouldEndInErrorWithAClearReasonAndNoStackTraceWhenTheClientsCircuitBreakerOpens() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    McpSyncClient c = client(a, new ArrayList<>());
    assertThat(call(c, "get_channel", Map.of("channel_id", channel)).isError()).isNotEqualTo(true); // cached now
    sim.faults().failRest(429, 1000, Duration.ofSeconds(1)); // a burst that outlasts the breaker's window
    String id = data(call(c, "export_channel_history", Map.of("channel_id", channel))).path("operation_id").asText();
    List<OperationEvent> seen = new CopyOnWriteArrayList<>();
    AutoCloseable watch = a.operations().watch(id, seen::add);
    await().atMost(WAIT).until(() -> a.operations().get(id).orElseThrow().terminal());
    watch.close();
    sim.faults().failRest(429, 0, Duration.ZERO);

    OperationState st = a.operations().get(id).orElseThrow();
    assertThat(st.status()).isEqualTo("error");
    assertThat(st.error()).startsWith("Mattermost kept refusing (rate limited or unavailable) while reading page 1")
        .endsWith("retry later").doesNotContain("Exception").doesNotContain("unexpectedly");
    McpSchema.CallToolResult got = call(c, "get_operation", Map.of("operation_id", id));
    assertThat(text(got)).contains("ended in error: Mattermost kept refusing").doesNotContain("\tat ");
    assertThat(seen).filteredOn(e -> e.eventType().equals("error")).singleElement()
        .satisfies(e -> assertThat(e.data().path("error_type").asText()).isEqualTo("failed"));
  }

  @Test
  void shouldAnswerAClearToolErrorWhenTheBreakerIsOpenAtTheChannelRead() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    McpSyncClient c = client(a, new ArrayList<>());
    // a channel no read has cached: the export's first call, reads.channel, must reach Mattermost
    String fresh = sim.world().createChannel(sim.world().userIds().get(0), "export-breaker", 'O');
    sim.faults().failRest(429, 1000, Duration.ofSeconds(1)); // refusals until the client's breaker opens
    List<String> answers = new CopyOnWriteArrayList<>();
    await().atMost(WAIT).until(() -> {
      McpSchema.CallToolResult r = call(c, "export_channel_history", Map.of("channel_id", fresh));
      assertThat(r.isError()).as("no operation while Mattermost refuses").isTrue();
      assertThat(text(r)).doesNotContain("unexpectedly"); // fail at once, not at the timeout
      answers.add(text(r));
      return text(r).contains("stopped asking");
    });
    sim.faults().failRest(429, 0, Duration.ZERO);

    assertThat(answers.get(answers.size() - 1)).isEqualTo("Mattermost kept refusing (rate limited or unavailable) "
        + "while reading channel " + fresh + ", so the gateway stopped asking it for a few seconds; retry later");
    assertThat(answers).allSatisfy(t -> assertThat(t).doesNotContain("unexpectedly").doesNotContain("Exception")
        .doesNotContain("\tat "));
    assertThat(a.operations().recent(10)).as("no operation was started").isEmpty();
  }

  @Test
  void shouldAnswerBadInputClearly() throws Exception {
    GatewayMain a = gateway(KAFKA.newTopics());
    McpSyncClient c = client(a, new ArrayList<>());
    Map<Map<String, Object>, String> exports = new java.util.LinkedHashMap<>();
    exports.put(Map.of("channel_id", "abcdefghijklmnopqrstuvwxyz"), "no channel with id abcdefghijklmnopqrstuvwxyz");
    exports.put(Map.of("channel_id", "../etc"), "channel_id must be a Mattermost id");
    exports.put(Map.of(), "channel_id is required");
    exports.put(Map.of("channel_id", 42), "channel_id must be a string");
    exports.put(Map.of("channel_id", channel, "since", "yesterday"), "since must be a time in milliseconds");
    exports.put(Map.of("channel_id", channel, "limit", 0), "limit must be from 1 to 1000000, not 0");
    exports.put(Map.of("channel_id", channel, "limit", "ten"), "limit must be an integer from 1 to 1000000");
    exports.forEach((args, expected) -> {
      McpSchema.CallToolResult r = call(c, "export_channel_history", args);
      assertThat(r.isError()).as(args.toString()).isTrue();
      assertThat(text(r)).as(args.toString()).contains(expected);
    });
    assertThat(a.operations().recent(10)).as("no operation was started by bad input").isEmpty();

    Map<String, String> gets = Map.of("bad id!", "operation_id must be 1 to 64 letters",
        "unknown0000000000000000", "no operation with id unknown0000000000000000");
    gets.forEach((id, expected) -> {
      for (String tool : List.of("get_operation", "cancel_operation")) {
        McpSchema.CallToolResult r = call(c, tool, Map.of("operation_id", id));
        assertThat(r.isError()).as(tool + " " + id).isTrue();
        assertThat(text(r)).as(tool + " " + id).contains(expected);
      }
    });
    assertThat(text(call(c, "get_operation", Map.of()))).contains("operation_id is required");

    HttpResponse<String> bad = get(a, "/v1/operations/bad%20id");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("invalid_operation_id");
    HttpResponse<String> unknown = get(a, "/v1/operations/unknown0000000000000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_operation");
    for (String limit : List.of("0", "1001", "x")) {
      HttpResponse<String> r = get(a, "/v1/operations?limit=" + limit);
      assertThat(r.statusCode()).as(limit).isEqualTo(400);
      assertThat(r.body()).as(limit).contains("limit must be an integer from 1 to 1000").doesNotContain("Exception");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.readResource(McpSchema.ReadResourceRequest
            .builder("mmpipe://operations/unknown0000000000000000/result").build()))
        .hasMessageContaining("resource not found");
  }

  /** A 2026-07-28 request from a client that declared the Tasks extension. */
  private static JsonNode modern(GatewayMain gw, String method, String nameKey, String name, String params)
      throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"" + nameKey
        + "\":\"" + name + "\"" + params + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
    HttpResponse<String> r = post(gw, body, Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method,
        "Mcp-Name", name));
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.has("result")).as(r.body()).isTrue();
    return n.get("result");
  }

  @Test
  void shouldRunAsAnMcpTaskFollowingTheOperationAndCancelItWithTheTask() throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain a = gateway(topics);
    GatewayMain b = gateway(topics);
    String args = ",\"arguments\":{\"channel_id\":\"" + channel + "\",\"limit\":400}";
    JsonNode created = modern(a, "tools/call", "name", "export_channel_history", args);
    assertThat(created.path("resultType").asText()).isEqualTo("task");
    String task = created.path("taskId").asText();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
        .until(() -> modern(b, "tasks/get", "taskId", task, "").path("status").asText().equals("completed"));
    JsonNode state = modern(b, "tasks/get", "taskId", task, "").path("result").path("structuredContent");
    assertThat(state.path("status").asText()).as("the task's result is the operation's final state")
        .isEqualTo("completed");
    assertThat(b.operations().result(state.path("operation_id").asText()).orElseThrow().content().split("\n"))
        .hasSize(400);

    String first = state.path("operation_id").asText();
    Thread arm = armRefusals(() -> !a.operations().recent(1).getFirst().operationId().equals(first));
    String slow = modern(a, "tools/call", "name", "export_channel_history",
        ",\"arguments\":{\"channel_id\":\"" + channel + "\"}").path("taskId").asText();
    arm.join(WAIT.toMillis());
    String op = a.operations().recent(1).getFirst().operationId();
    assertThat(op).as("the second export started").isNotEqualTo(first);
    modern(b, "tasks/cancel", "taskId", slow, "");
    await().atMost(WAIT).until(() -> a.operations().get(op).orElseThrow().terminal());
    assertThat(a.operations().get(op).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(a.operations().get(op).orElseThrow().error()).isEqualTo("cancelled by client");
  }

  @Test
  void shouldStopReadingAsSoonAsTheExportWouldPassTheResultCap() throws Exception {
    Operations.Settings s = new Operations.Settings(10, Duration.ofMinutes(5), 10_000, 1, 10);
    try (MattermostClient bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        RestPolicy.defaults(5)); Operations ops = new Operations(OperationStore.NONE, s, java.time.Clock.systemUTC())) {
      List<OperationEvent> seen = new CopyOnWriteArrayList<>();
      Operation op = ops.start(ExportChannelHistoryTool.NAME, "capped",
          new ChannelExport(bot, channel, null, 1_000_000, POSTS, s.maxResultBytes()), seen::add);
      assertThat(op.awaitEnd(WAIT)).isTrue();
      assertThat(op.state().status()).isEqualTo("error");
      assertThat(op.state().error()).startsWith("the export is over the result limit of 10000 bytes after ")
          .endsWith(" posts; ask for less (since, limit)");
      assertThat(seen).extracting(OperationEvent::eventType).as("stopped within the first page")
          .containsExactly("status", "error");
    }
  }

  @Test
  void shouldKeepOnlyPostsCreatedAtOrAfterSince() throws Exception {
    Operations.Settings s = Operations.Settings.defaults();
    try (MattermostClient bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        RestPolicy.defaults(5)); Operations ops = new Operations(OperationStore.NONE, s, java.time.Clock.systemUTC())) {
      long since = bot.posts().get(postIds.get(POSTS - 250)).path("create_at").asLong();
      Operation op = ops.start(ExportChannelHistoryTool.NAME, "since",
          new ChannelExport(bot, channel, since, 1_000_000, POSTS, s.maxResultBytes()), null);
      assertThat(op.awaitEnd(WAIT)).isTrue();
      assertThat(op.state().status()).isEqualTo("completed");
      List<String> ids = new ArrayList<>();
      for (String line : ops.result(op.id()).orElseThrow().content().split("\n")) {
        ids.add(JSON.readTree(line).path("id").asText());
      }
      assertThat(ids).containsExactlyElementsOf(postIds.subList(POSTS - 250, POSTS));
    }
  }
}
