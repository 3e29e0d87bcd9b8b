package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.gateway.GatewayHarness;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.mattermost.rest.ChannelPostsQuery;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RedisExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Mattermost tools, per-object resources and prompts on a real gateway (real broker, real redis-server) talking
 * to the simulator over HTTP, seen by the MCP Java SDK client and, while Redis is down, by stateless requests.
 */
class MattermostToolsIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static MattermostSim sim;
  private static MattermostClient bot;
  private static String townSquare;
  private static String alice;
  private final GatewayHarness harness = new GatewayHarness(KAFKA);

  @BeforeAll
  static void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        RestPolicy.defaults(1000));
    alice = sim.world().userIds().get(0);
    for (JsonNode c : bot.channels().forUser("me", sim.world().teamId())) {
      if (c.path("name").asText().equals("town-square")) {
        townSquare = c.path("id").asText();
      }
    }
    assertThat(townSquare).isNotNull();
  }

  @AfterAll
  static void stopSimulator() {
    bot.close();
    sim.close();
  }

  @AfterEach
  void closeAll() {
    harness.close();
  }

  private GatewayMain gateway(boolean writes) {
    return gateway(KAFKA.newTopics(), writes);
  }

  private GatewayMain gateway(Topics topics, boolean writes) {
    return harness.gateway(topics, Map.of("REDIS_URL", REDIS.url(),
        "MATTERMOST_URL", sim.baseUrl().toString(), "MATTERMOST_TOKEN", sim.botToken(),
        "GATEWAY_ALLOW_WRITES", String.valueOf(writes)));
  }

  private McpSyncClient client(GatewayMain gw) {
    McpSyncClient c = harness.track(McpClient.sync(HttpClientStreamableHttpTransport
            .builder("http://127.0.0.1:" + gw.port()).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(30)).build());
    c.initialize();
    return c;
  }

  private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  private static McpSchema.GetPromptRequest prompt(String name, Map<String, Object> arguments) {
    return McpSchema.GetPromptRequest.builder(name).arguments(arguments).build();
  }

  private static String read(McpSyncClient c, String uri) {
    McpSchema.ReadResourceResult r = c.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
    return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
  }

  private static List<String> messagesIn(String channelId) {
    List<String> out = new java.util.ArrayList<>();
    bot.posts().channelPosts(channelId, ChannelPostsQuery.page(0, 60)).path("posts")
        .forEach(p -> out.add(p.path("message").asText()));
    return out;
  }

  /** The read counter of /metrics for {@code result} (hit or miss). */
  private static double reads(GatewayMain gw, String result) throws Exception {
    HttpResponse<String> m = McpFixture.HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gw.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher x = Pattern.compile("(?m)^mmpipe_gateway_cache_reads_total\\{[^}]*result=\"" + result
        + "\"[^}]*} ([0-9.eE+-]+)$").matcher(m.body());
    assertThat(x.find()).as("the counter of " + result + " on /metrics").isTrue();
    return Double.parseDouble(x.group(1));
  }

  @Test
  void shouldSeeAPostMadeInTheSimulatorWithGetChannelPosts() {
    GatewayMain gw = gateway(false);
    String message = "standup moved to 10:30 " + UUID.randomUUID();
    sim.world().createPost(alice, townSquare, message);
    McpSyncClient c = client(gw);

    McpSchema.CallToolResult r = call(c, "get_channel_posts", Map.of("channel_id", townSquare, "per_page", 20));
    assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> posts = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent())
        .get("posts");
    assertThat(posts).extracting(p -> p.get("message")).contains(message);

    McpSchema.CallToolResult missing = call(c, "get_channel", Map.of("channel_id", "nosuchchannel0000000000000"));
    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("no channel with id nosuchchannel0000000000000");
    c.closeGracefully();
  }

  @Test
  void shouldRefuseSendMessageWhileWritesAreOffAndPostWhenTheyAreOn() {
    McpSyncClient readOnly = client(gateway(false));
    assertThat(readOnly.listTools().tools()).extracting(McpSchema.Tool::name)
        .contains("get_channel_posts", "list_channels", "get_me").doesNotContain("send_message", "delete_message");
    String refused = "should never be posted " + UUID.randomUUID();
    McpSchema.CallToolResult no = call(readOnly, "send_message", Map.of("channel_id", townSquare, "message", refused));
    assertThat(no.isError()).isTrue();
    assertThat(text(no)).contains("GATEWAY_ALLOW_WRITES=true");
    assertThat(messagesIn(townSquare)).doesNotContain(refused);

    McpSyncClient writer = client(gateway(true));
    McpSchema.Tool send = writer.listTools().tools().stream().filter(t -> t.name().equals("send_message"))
        .findFirst().orElseThrow();
    assertThat(send.annotations().readOnlyHint()).isFalse();
    String posted = "posted through MCP " + UUID.randomUUID();
    McpSchema.CallToolResult yes = call(writer, "send_message", Map.of("channel_id", townSquare, "message", posted));
    assertThat(yes.isError()).as(text(yes)).isNotEqualTo(Boolean.TRUE);
    assertThat(messagesIn(townSquare)).contains(posted);
    readOnly.closeGracefully();
    writer.closeGracefully();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(McpSchema.CallToolResult r) {
    assertThat(r.isError()).as(r.isError() == Boolean.TRUE ? text(r) : "").isNotEqualTo(Boolean.TRUE);
    return (Map<String, Object>) r.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(McpSchema.CallToolResult r, String field) {
    return (Map<String, Object>) data(r).get(field);
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRunEveryToolAgainstTheSimulatorWithWritesOn() {
    McpSyncClient c = client(gateway(true));
    String me = (String) object(call(c, "get_me", Map.of()), "user").get("id");
    assertThat(me).isEqualTo(sim.botUserId());
    assertThat((List<Object>) data(call(c, "list_teams", Map.of())).get("teams")).isNotEmpty();

    String word = "zebra" + UUID.randomUUID().toString().substring(0, 8);
    String root = (String) object(call(c, "send_message", Map.of("channel_id", townSquare, "message",
        "root " + word)), "post").get("id");
    Map<String, Object> reply = object(call(c, "reply_to_thread", Map.of("post_id", root, "message", "a reply")),
        "post");
    assertThat(reply.get("root_id")).isEqualTo(root);
    assertThat((List<Map<String, Object>>) data(call(c, "get_post_thread", Map.of("post_id", reply.get("id"))))
        .get("posts")).extracting(p -> p.get("id")).containsExactlyInAnyOrder(root, reply.get("id"));
    assertThat(object(call(c, "update_message", Map.of("post_id", root, "message", "edited " + word)), "post")
        .get("message")).isEqualTo("edited " + word);
    assertThat((List<Map<String, Object>>) data(call(c, "search_posts", Map.of("terms", word))).get("posts"))
        .extracting(p -> p.get("id")).contains(root);
    assertThat(object(call(c, "add_reaction", Map.of("post_id", root, "emoji_name", ":tada:")), "reaction")
        .get("emoji_name")).isEqualTo("tada");
    assertThat(bot.posts().reactionsOf(List.of(root)).get(root)).hasSize(1);
    assertThat(data(call(c, "remove_reaction", Map.of("post_id", root, "emoji_name", "tada"))).get("removed"))
        .isEqualTo(true);
    assertThat(bot.posts().reactionsOf(List.of(root)).get(root)).isEmpty();
    assertThat(data(call(c, "delete_message", Map.of("post_id", reply.get("id")))).get("deleted")).isEqualTo(true);

    String name = "tools-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> channel = object(call(c, "create_channel", Map.of("name", name, "display_name",
        "Tools test")), "channel");
    String channelId = (String) channel.get("id");
    assertThat(object(call(c, "get_channel", Map.of("channel_id", channelId)), "channel").get("name"))
        .isEqualTo(name);
    assertThat(object(call(c, "add_channel_member", Map.of("channel_id", channelId, "user_id", alice)), "member")
        .get("user_id")).isEqualTo(alice);
    assertThat((List<Map<String, Object>>) data(call(c, "get_channel_members", Map.of("channel_id", channelId)))
        .get("members")).extracting(m -> m.get("user_id")).contains(alice, me);
    data(call(c, "remove_channel_member", Map.of("channel_id", channelId, "user_id", alice)));
    assertThat(bot.channels().members(channelId, 0, 60)).extracting(m -> m.path("user_id").asText())
        .doesNotContain(alice);
    assertThat((List<Map<String, Object>>) data(call(c, "list_channels", Map.of())).get("channels"))
        .extracting(ch -> ch.get("id")).contains(channelId, townSquare);

    Map<String, Object> aliceUser = object(call(c, "get_user", Map.of("user_id", alice)), "user");
    String username = (String) aliceUser.get("username");
    assertThat((List<Map<String, Object>>) data(call(c, "search_users", Map.of("term", username.substring(0, 3))))
        .get("users")).extracting(u -> u.get("id")).contains(alice);
    assertThat(object(call(c, "set_user_status", Map.of("status", "dnd")), "status").get("status"))
        .isEqualTo("dnd");
    assertThat(object(call(c, "get_user_status", Map.of("user_id", me)), "status").get("status")).isEqualTo("dnd");

    String content = java.util.Base64.getEncoder().encodeToString("hello file".getBytes());
    String fileId = (String) object(call(c, "upload_file", Map.of("channel_id", townSquare, "filename", "a.txt",
        "content_base64", content, "mime_type", "text/plain")), "file").get("id");
    data(call(c, "send_message", Map.of("channel_id", townSquare, "message", "with a file",
        "file_ids", List.of(fileId))));
    Map<String, Object> file = data(call(c, "get_file", Map.of("file_id", fileId, "include_content", true)));
    assertThat(((Map<String, Object>) file.get("file")).get("name")).isEqualTo("a.txt");
    assertThat(file.get("content_base64")).isEqualTo(content);
    c.closeGracefully();
  }

  @Test
  void shouldServeAReadFromMattermostOnAMissFromRedisAfterwardsAndForgetItWhenMmUpdatesChangesThePost()
      throws Exception {
    Topics topics = KAFKA.newTopics();
    GatewayMain gw = gateway(topics, false);
    String postId = sim.world().createPost(alice, townSquare, "cache me " + UUID.randomUUID()).id();
    sim.world().addReaction(alice, postId, "eyes");
    McpSyncClient c = client(gw);
    String uri = "mattermost://posts/" + postId;

    double misses = reads(gw, "miss");
    double hits = reads(gw, "hit");
    JsonNode first = McpFixture.json(read(c, uri));
    assertThat(reads(gw, "miss")).as("the first read goes to Mattermost").isEqualTo(misses + 1);
    assertThat(first.get("id").asText()).isEqualTo(postId);
    assertThat(first.get("reactions")).extracting(r -> r.get("emoji_name").asText()).containsExactly("eyes");
    JsonNode second = McpFixture.json(read(c, uri));
    assertThat(reads(gw, "hit")).as("the second read is served from Redis").isEqualTo(hits + 1);
    assertThat(second).isEqualTo(first);

    // a quiet channel: nothing came through mm.updates, so the channel template reads Mattermost
    JsonNode channel = McpFixture.json(read(c, "mattermost://channels/" + townSquare + "/posts"));
    assertThat(channel.get("updates")).extracting(u -> u.get("event_id").asText()).contains("post_" + postId);

    // a reaction arrives through mm.updates: the cache writer forgets the post, the next read sees the reaction
    // (well within the posts' 15 s TTL, so only the eviction explains it)
    sim.world().addReaction(alice, postId, "rocket");
    var producer = harness.producer(topics);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      GatewayHarness.publish(producer, topics, TestUpdates.reaction(townSquare, postId, "rocket"));
      Thread.sleep(300);
      return McpFixture.json(read(c, uri)).get("reactions").size() == 2;
    });
    // that update is in the Redis channel cache now: the channel template is a hit
    double channelHits = reads(gw, "hit");
    JsonNode cached = McpFixture.json(read(c, "mattermost://channels/" + townSquare + "/posts"));
    assertThat(reads(gw, "hit")).isEqualTo(channelHits + 1);
    assertThat(cached.get("updates")).extracting(u -> u.get("update_type").asText()).contains("reaction_added");

    c.closeGracefully();
  }

  @Test
  void shouldKeepAnsweringReadsAndReadToolsWhileRedisIsDown() throws Exception {
    GatewayMain gw = gateway(false);
    String message = "while redis sleeps " + UUID.randomUUID();
    String postId = sim.world().createPost(alice, townSquare, message).id();
    REDIS.server().stop();
    try {
      // legacy sessions need Redis; stateless (2026-07-28) requests do not
      HttpResponse<String> posts = McpFixture.post(gw.port(), McpFixture.modern(1, "tools/call",
              "\"name\":\"get_channel_posts\",\"arguments\":{\"channel_id\":\"" + townSquare + "\"}"),
          McpFixture.modernHeaders("tools/call", "get_channel_posts"));
      JsonNode result = McpFixture.result(posts);
      assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
      assertThat(result.get("structuredContent").get("posts")).extracting(p -> p.get("message").asText())
          .contains(message);

      String uri = "mattermost://posts/" + postId + "/thread";
      HttpResponse<String> thread = McpFixture.post(gw.port(), McpFixture.modern(2, "resources/read",
          "\"uri\":\"" + uri + "\""), McpFixture.modernHeaders("resources/read", uri));
      JsonNode body = McpFixture.json(McpFixture.result(thread).get("contents").get(0).get("text").asText());
      assertThat(body.get("posts")).extracting(p -> p.get("id").asText()).containsExactly(postId);

      String status = "mattermost://users/" + alice + "/status";
      HttpResponse<String> st = McpFixture.post(gw.port(), McpFixture.modern(3, "resources/read",
          "\"uri\":\"" + status + "\""), McpFixture.modernHeaders("resources/read", status));
      assertThat(McpFixture.json(McpFixture.result(st).get("contents").get(0).get("text").asText())
          .get("user_id").asText()).isEqualTo(alice);
    } finally {
      REDIS.server().restart();
    }
  }

  @Test
  void shouldFillThePromptsFromTheSameReadsAndCompleteChannelNames() {
    GatewayMain gw = gateway(false);
    String message = "we decided to ship on friday " + UUID.randomUUID();
    sim.world().createPost(alice, townSquare, message);
    McpSyncClient c = client(gw);
    assertThat(c.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
        .contains("summarize_channel", "catch_up");

    McpSchema.GetPromptResult summary = c.getPrompt(prompt("summarize_channel", Map.of("channel_id", townSquare)));
    assertThat(((McpSchema.TextContent) summary.messages().get(0).content()).text()).contains(message);

    McpSchema.GetPromptResult catchUp = c.getPrompt(prompt("catch_up", Map.of("channel_ids", townSquare)));
    String brief = ((McpSchema.TextContent) catchUp.messages().get(0).content()).text();
    assertThat(brief).contains(message).contains("resume_token=");
    String token = brief.substring(brief.lastIndexOf("resume_token=") + "resume_token=".length()).trim();
    McpSchema.GetPromptResult later = c.getPrompt(prompt("catch_up",
        Map.of("channel_ids", townSquare, "resume_token", token)));
    assertThat(((McpSchema.TextContent) later.messages().get(0).content()).text())
        .as("nothing changed since the token").doesNotContain(message);

    McpSchema.CompleteResult byName = c.completeCompletion(McpSchema.CompleteRequest.builder(
        new McpSchema.PromptReference("summarize_channel"), new McpSchema.CompleteRequest.CompleteArgument(
            "channel_id", "town")).build());
    assertThat(byName.completion().values()).contains(townSquare);
    McpSchema.CompleteResult template = c.completeCompletion(McpSchema.CompleteRequest.builder(
        new McpSchema.ResourceReference("mattermost://channels/{channel_id}/posts"),
        new McpSchema.CompleteRequest.CompleteArgument("channel_id", "Town")).build());
    assertThat(template.completion().values()).contains(townSquare);
    c.closeGracefully();
  }
}
