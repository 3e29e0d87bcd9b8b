package io.mmpipe.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.gateway.mattermost.MattermostAccess;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.Era;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.RelatedMessages;
import io.mmpipe.gateway.mcp.ToolRegistry;
import io.mmpipe.gateway.mcp.ToolResult;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tools' argument handling and error mapping, against a stub Mattermost that answers 404 for ids starting with
 * {@code missing}, 403 for {@code forbidden}, 401 for {@code expired}, and {@code {}} otherwise.
 */
class MattermostToolsTest {

  private static HttpServer stub;
  private static MattermostClient client;
  private static Map<String, MattermostTool> readOnly;
  private static Map<String, MattermostTool> writable;

  @BeforeAll
  static void startStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int status = path.contains("/missing") ? 404 : path.contains("/forbidden") ? 403
          : path.contains("/expired") ? 401 : 200;
      String body = status == 200 ? (path.endsWith("/teams") ? "[{\"id\":\"team1\"}]" : "{\"id\":\"x\"}")
          : "{\"id\":\"api.test.app_error\",\"message\":\"refused\",\"status_code\":" + status + "}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    stub.start();
    client = client(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()));
    readOnly = tools(client, false);
    writable = tools(client, true);
  }

  @AfterAll
  static void stopStub() {
    client.close();
    stub.stop(0);
  }

  private static MattermostClient client(URI url) {
    return new MattermostClient(url, Secret.of("t"), "MATTERMOST_TOKEN",
        new RestPolicy(1000, 1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(2)));
  }

  private static Map<String, MattermostTool> tools(MattermostClient c, boolean writes) {
    MattermostReads reads = new MattermostReads(new MattermostAccess(c, null),
        new ReadCache(null, "test:", () -> { }, () -> { }));
    return ToolCatalog.tools(new MattermostTool.Setup(reads, writes)).stream()
        .collect(Collectors.toMap(t -> t.spec().name(), Function.identity()));
  }

  static Call call() {
    return new Call(Era.MODERN, "2026-07-28", new Principal.Anonymous(), IntNode.valueOf(1), null, () -> false,
        RelatedMessages.NONE, null);
  }

  static ObjectNode args(String json) {
    try {
      return (ObjectNode) JsonRpc.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(ToolResult r) {
    return r.content().get(0).get("text").asText();
  }

  /**
   * Bad input → the isError text (the table in mcp-gateway/README.md): every tool that takes arguments (get_me and
   * list_teams take none).
   */
  static Stream<Arguments> badInput() {
    String id = "\"abcdefghijklmnopqrstuvwxyz\"";
    return Stream.of(
        Arguments.of("send_message", "{\"message\":\"hi\"}", "channel_id is required"),
        Arguments.of("send_message", "{\"channel_id\":" + id + "}", "message is required"),
        Arguments.of("send_message", "{\"channel_id\":42,\"message\":\"hi\"}", "channel_id must be a string"),
        Arguments.of("send_message", "{\"channel_id\":\"../users/me\",\"message\":\"hi\"}",
            "channel_id must be a Mattermost id"),
        Arguments.of("send_message", "{\"channel_id\":" + id + ",\"message\":\"" + "x".repeat(16_384) + "\"}",
            "message is longer than 16383 characters"),
        Arguments.of("send_message", "{\"channel_id\":" + id + ",\"message\":\"hi\",\"file_ids\":[1]}",
            "file_ids must be an array of strings"),
        Arguments.of("add_reaction", "{\"post_id\":" + id + ",\"emoji_name\":\"not an emoji\"}",
            "emoji_name must be an emoji's name"),
        Arguments.of("get_channel_posts", "{\"channel_id\":" + id + ",\"since\":\"yesterday\"}",
            "since must be a time in milliseconds"),
        Arguments.of("get_channel_posts", "{\"channel_id\":" + id + ",\"since\":5,\"page\":1}",
            "since cannot be combined"),
        Arguments.of("get_channel_posts", "{\"channel_id\":" + id + ",\"before\":" + id + ",\"after\":" + id + "}",
            "give before or after, not both"),
        Arguments.of("get_channel_posts", "{\"channel_id\":" + id + ",\"per_page\":500}",
            "per_page must be from 1 to 200, not 500"),
        Arguments.of("get_channel_posts", "{\"channel_id\":" + id + ",\"page\":1.5}", "page must be an integer"),
        Arguments.of("search_posts", "{}", "terms is required"),
        Arguments.of("create_channel", "{\"name\":\"Bad Name\",\"display_name\":\"x\",\"team_id\":\"t1\"}",
            "a channel name is 1 to 64 of a-z"),
        Arguments.of("create_channel", "{\"name\":\"ok\",\"display_name\":\"x\",\"type\":\"X\",\"team_id\":\"t\"}",
            "type must be one of O, P"),
        Arguments.of("set_user_status", "{\"status\":\"busy\"}", "status must be one of away, dnd, offline, online"),
        Arguments.of("set_user_status", "{}", "status is required"),
        Arguments.of("upload_file", "{\"channel_id\":" + id + ",\"filename\":\"a.txt\",\"content_base64\":\"%%\"}",
            "content_base64 is not base64"),
        Arguments.of("get_file", "{\"file_id\":" + id + ",\"include_content\":\"yes\"}",
            "include_content must be true or false"),
        Arguments.of("reply_to_thread", "{\"post_id\":" + id + "}", "message is required"),
        Arguments.of("reply_to_thread", "{\"post_id\":\"a/b\",\"message\":\"x\"}", "post_id must be a Mattermost id"),
        Arguments.of("update_message", "{\"post_id\":" + id + ",\"message\":\"  \"}", "message is required"),
        Arguments.of("delete_message", "{}", "post_id is required"),
        Arguments.of("remove_reaction", "{\"post_id\":" + id + "}", "emoji_name is required"),
        Arguments.of("get_post_thread", "{\"post_id\":[]}", "post_id must be a string"),
        Arguments.of("list_channels", "{\"team_id\":\"x y\"}", "team_id must be a Mattermost id"),
        Arguments.of("get_channel", "{}", "channel_id is required"),
        Arguments.of("add_channel_member", "{\"channel_id\":" + id + "}", "user_id is required"),
        Arguments.of("remove_channel_member", "{\"user_id\":" + id + "}", "channel_id is required"),
        Arguments.of("get_channel_members", "{\"channel_id\":" + id + ",\"page\":-1}",
            "page must be from 0 to 10000, not -1"),
        Arguments.of("get_user", "{\"user_id\":\"" + "u".repeat(65) + "\"}", "user_id must be a Mattermost id"),
        Arguments.of("search_users", "{\"term\":\"al\",\"limit\":0}", "limit must be from 1 to 200, not 0"),
        Arguments.of("get_user_status", "{\"user_id\":null}", "user_id is required"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badInput")
  void shouldAnswerBadInputWithAnErrorResultNamingTheArgument(String tool, String arguments, String message)
      throws Exception {
    ToolResult r = writable.get(tool).call(call(), args(arguments));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).startsWith(tool + ": ").contains(message);
  }

  @Test
  void shouldCoverEveryToolThatTakesArgumentsInTheBadInputTable() {
    var covered = badInput().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    assertThat(covered).containsAll(readOnly.keySet().stream()
        .filter(n -> !n.equals("get_me") && !n.equals("list_teams")).toList());
  }

  static Stream<Arguments> mattermostFailures() {
    return Stream.of(
        Arguments.of("get_channel", "{\"channel_id\":\"missing1\"}", "no channel with id missing1"),
        Arguments.of("get_user", "{\"user_id\":\"missing2\"}", "no user with id missing2"),
        Arguments.of("get_post_thread", "{\"post_id\":\"missing3\"}", "no post with id missing3"),
        Arguments.of("get_channel", "{\"channel_id\":\"forbidden1\"}", "the token may not read this channel"),
        Arguments.of("get_channel_members", "{\"channel_id\":\"forbidden2\"}",
            "the token may not read this channel's members"),
        Arguments.of("get_user_status", "{\"user_id\":\"expired1\"}", "Mattermost refused the token (401)"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("mattermostFailures")
  void shouldWordMattermostFailuresForTheModel(String tool, String arguments, String message) throws Exception {
    ToolResult r = readOnly.get(tool).call(call(), args(arguments));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void shouldSayMattermostIsUnreachable() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (MattermostClient down = client(URI.create("http://127.0.0.1:" + closed))) {
      ToolResult r = tools(down, false).get("get_me").call(call(), args("{}"));
      assertThat(r.isError()).isTrue();
      assertThat(text(r)).contains("Mattermost is unreachable right now").contains("try again");
    }
  }

  @Test
  void shouldRefuseWritesWhileTheyAreOffNamingTheSetting() throws Exception {
    for (MattermostTool t : readOnly.values()) {
      if (t.write()) {
        ToolResult r = t.call(call(), args("{}"));
        assertThat(r.isError()).isTrue();
        assertThat(text(r)).contains("GATEWAY_ALLOW_WRITES=true");
      }
    }
    assertThat(readOnly.values().stream().filter(MattermostTool::write).map(t -> t.spec().name()))
        .containsExactlyInAnyOrder("send_message", "reply_to_thread", "update_message", "delete_message",
            "add_reaction", "remove_reaction", "create_channel", "add_channel_member", "remove_channel_member",
            "set_user_status", "upload_file");
  }

  @Test
  void shouldAnswerReadsWithStructuredContent() throws Exception {
    ToolResult r = readOnly.get("get_channel").call(call(), args("{\"channel_id\":\"c1\"}"));
    assertThat(r.isError()).isFalse();
    assertThat(r.structuredContent().get("channel").get("id").asText()).isEqualTo("x");
    ToolResult teams = readOnly.get("list_channels").call(call(), args("{}"));
    assertThat(teams.structuredContent().get("team_id").asText()).as("the first team by default").isEqualTo("team1");
  }

  @Test
  void shouldDescribeEveryToolWithSchemasAndHints() {
    for (MattermostTool t : readOnly.values()) {
      var spec = t.spec();
      assertThat(spec.inputSchema().get("type").asText()).isEqualTo("object");
      assertThat(spec.outputSchema()).as(spec.name()).isNotNull();
      assertThat(spec.annotations().get("readOnlyHint").asBoolean()).isEqualTo(!t.write());
      assertThat(spec.annotations().has("destructiveHint")).isTrue();
      assertThat(spec.annotations().has("idempotentHint")).isTrue();
    }
    assertThat(readOnly.get("delete_message").spec().annotations().get("destructiveHint").asBoolean()).isTrue();
    assertThat(readOnly.get("send_message").spec().annotations().get("idempotentHint").asBoolean()).isFalse();
  }

  @Test
  void shouldListWriteToolsOnlyWhenWritesAreOnAndNarrowToTheEnabledOnes() {
    MattermostReads reads = new MattermostReads(new MattermostAccess(client, null),
        new ReadCache(null, "test:", () -> { }, () -> { }));
    assertThat(ToolCatalog.registerMattermost(new ToolRegistry(), reads, false, List.of())).isEqualTo(12);
    assertThat(ToolCatalog.registerMattermost(new ToolRegistry(), reads, true, List.of())).isEqualTo(23);
    assertThat(ToolCatalog.registerMattermost(new ToolRegistry(), reads, true, List.of("get_me", "send_message")))
        .isEqualTo(2);
    assertThat(ToolCatalog.KNOWN).hasSize(29).contains("pipeline_status", "wait_for_updates", "push_stream",
        "get_file", "export_channel_history", "get_operation", "cancel_operation");
  }
}
