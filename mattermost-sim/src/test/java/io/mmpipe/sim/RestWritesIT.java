package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST writes the gateway's tools use: channels and members, search, status, files; shapes and refusals. */
class RestWritesIT extends FreshSimulator {

  SimRestClient bot;
  SimRestClient daveRest;
  String dave;
  String team;

  @BeforeEach
  void clients() {
    bot = new SimRestClient(sim, sim.botToken());
    dave = sim.world().userIds().get(3);
    daveRest = new SimRestClient(sim, sim.world().tokenOf(dave));
    team = sim.world().teamId();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return WsClient.JSON.readTree(r.body());
  }

  private static void assertAppError(HttpResponse<String> r, int status, String id) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode err = json(r);
    assertThat(err.path("id").asText()).isEqualTo(id);
    assertThat(err.path("status_code").asInt()).isEqualTo(status);
    assertThat(err.path("request_id").asText()).hasSize(26);
  }

  private String createChannel(SimRestClient as, String name, String type) throws Exception {
    HttpResponse<String> r = as.post("/api/v4/channels", "{\"team_id\":\"" + team + "\",\"name\":\"" + name
        + "\",\"display_name\":\"" + name + "\",\"type\":\"" + type + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).path("id").asText();
  }

  @Test
  void shouldCreateAChannelWith201AndRefuseADuplicateABadNameAndAnotherTeam() throws Exception {
    String id = createChannel(bot, "war-room", "P");
    JsonNode c = bot.getJson("/api/v4/channels/" + id);
    assertThat(c.path("type").asText()).isEqualTo("P");
    assertThat(c.path("creator_id").asText()).isEqualTo(sim.botUserId());
    assertAppError(bot.post("/api/v4/channels", "{\"team_id\":\"" + team
        + "\",\"name\":\"war-room\",\"display_name\":\"x\",\"type\":\"O\"}"), 400,
        "store.sql_channel.save_channel.exists.app_error");
    assertAppError(bot.post("/api/v4/channels", "{\"team_id\":\"" + team
        + "\",\"name\":\"War Room\",\"display_name\":\"x\",\"type\":\"O\"}"), 400,
        "model.channel.is_valid.name.app_error");
    assertAppError(bot.post("/api/v4/channels", "{\"team_id\":\"" + team
        + "\",\"name\":\"dm-like\",\"display_name\":\"x\",\"type\":\"D\"}"), 400,
        "model.channel.is_valid.type.app_error");
    assertAppError(bot.post("/api/v4/channels", "{\"team_id\":\"otherteam000000000000000000\","
        + "\"name\":\"elsewhere\",\"display_name\":\"x\",\"type\":\"O\"}"), 403, "api.context.permissions.app_error");
  }

  @Test
  void shouldAddAMemberWith201AChannelMemberAndPageTheMembers() throws Exception {
    String id = createChannel(bot, "pairing", "O");
    HttpResponse<String> r = bot.post("/api/v4/channels/" + id + "/members", "{\"user_id\":\"" + alice + "\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode m = json(r);
    assertThat(m.path("channel_id").asText()).isEqualTo(id);
    assertThat(m.path("roles").asText()).isEqualTo("channel_user");
    assertThat(m.path("notify_props").path("mark_unread").asText()).isEqualTo("all");
    JsonNode all = bot.getJson("/api/v4/channels/" + id + "/members");
    List<String> users = new ArrayList<>();
    all.forEach(x -> users.add(x.path("user_id").asText() + ":" + x.path("scheme_admin").asBoolean()));
    assertThat(users).containsExactlyInAnyOrder(sim.botUserId() + ":true", alice + ":false");
    assertThat(bot.getJson("/api/v4/channels/" + id + "/members?page=1&per_page=1")).hasSize(1);
    assertThat(bot.getJson("/api/v4/channels/" + id + "/members?page=2&per_page=1")).isEmpty();
  }

  @Test
  void shouldBroadcastTheMembershipChangesMadeOverRestWithTheCallerAsRemover() throws Exception {
    try (WsClient socket = botSocket()) {
      socket.next();
      String id = createChannel(bot, "watched", "O");
      assertThat(socket.nextEvent("channel_created").path("data").path("channel_id").asText()).isEqualTo(id);
      bot.post("/api/v4/channels/" + id + "/members", "{\"user_id\":\"" + alice + "\"}");
      assertThat(socket.nextEvent("user_added").path("data").path("user_id").asText()).isEqualTo(alice);
      bot.delete("/api/v4/channels/" + id + "/members/" + alice);
      JsonNode removed = socket.nextEvent("user_removed");
      assertThat(removed.path("data").path("user_id").asText()).isEqualTo(alice);
      assertThat(removed.path("data").path("remover_id").asText()).isEqualTo(sim.botUserId());
    }
  }

  @Test
  void shouldApplyTheDefaultSchemeToMembershipChanges() throws Exception {
    String ops = sim.world().botChannelIds().get(3);
    // a non-member may not add anyone to a private channel, nor remove its members, nor read its members
    assertAppError(daveRest.post("/api/v4/channels/" + ops + "/members", "{\"user_id\":\"" + dave + "\"}"), 403,
        "api.context.permissions.app_error");
    assertAppError(daveRest.delete("/api/v4/channels/" + ops + "/members/" + alice), 403,
        "api.context.permissions.app_error");
    assertThat(daveRest.get("/api/v4/channels/" + ops + "/members").statusCode()).isEqualTo(403);
    // members may remove members; nobody leaves the default channel; DMs have fixed members
    assertThat(bot.delete("/api/v4/channels/" + ops + "/members/" + alice).statusCode()).isEqualTo(200);
    assertAppError(bot.delete("/api/v4/channels/" + ops + "/members/" + alice), 404,
        "app.channel.get_member.missing.app_error");
    assertAppError(bot.delete("/api/v4/channels/" + townSquare + "/members/" + sim.botUserId()), 400,
        "api.channel.remove.default.app_error");
    String dm = sim.world().botChannelIds().get(4);
    assertAppError(bot.post("/api/v4/channels/" + dm + "/members", "{\"user_id\":\"" + bob + "\"}"), 400,
        "api.channel.add_user_to_channel.type.app_error");
  }

  @Test
  void shouldSearchMemberChannelsAndAnswerAPostListWithMatches() throws Exception {
    sim.world().createPost(alice, townSquare, "Quarterly Numbers are in");
    sim.world().createPost(alice, townSquare, "numbers again");
    HttpResponse<String> r = bot.post("/api/v4/teams/" + team + "/posts/search",
        "{\"terms\":\"\\\"quarterly numbers\\\"\",\"is_or_search\":false}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = json(r);
    assertThat(list.path("order")).hasSize(1);
    assertThat(list.has("matches")).isTrue();
    assertThat(list.path("posts").elements().next().path("message").asText()).isEqualTo("Quarterly Numbers are in");
    JsonNode prefix = json(bot.post("/api/v4/teams/" + team + "/posts/search", "{\"terms\":\"numb*\"}"));
    assertThat(prefix.path("order")).hasSize(2);
    JsonNode fromBob = json(bot.post("/api/v4/teams/" + team + "/posts/search", "{\"terms\":\"from:bob numbers\"}"));
    assertThat(fromBob.path("order")).isEmpty();
    assertAppError(bot.post("/api/v4/teams/" + team + "/posts/search", "{\"terms\":\"\"}"), 400,
        "api.context.invalid_param.app_error");
  }

  @Test
  void shouldCreateOnePostForARepeatedPendingPostIdAndEchoIt() throws Exception {
    String body = "{\"channel_id\":\"" + townSquare + "\",\"message\":\"once\",\"pending_post_id\":\"p-123\"}";
    JsonNode first = json(bot.post("/api/v4/posts", body));
    JsonNode again = json(bot.post("/api/v4/posts", body));
    assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(first.path("pending_post_id").asText()).isEqualTo("p-123");
    // not stored with the post; another user's same pending id is another post
    assertThat(bot.getJson("/api/v4/posts/" + first.path("id").asText()).path("pending_post_id").asText()).isEmpty();
    JsonNode alices = json(new SimRestClient(sim, sim.world().tokenOf(alice)).post("/api/v4/posts", body));
    assertThat(alices.path("id").asText()).isNotEqualTo(first.path("id").asText());
    JsonNode noPending = json(bot.post("/api/v4/posts", "{\"channel_id\":\"" + townSquare + "\",\"message\":\"x\"}"));
    JsonNode noPending2 = json(bot.post("/api/v4/posts", "{\"channel_id\":\"" + townSquare + "\",\"message\":\"x\"}"));
    assertThat(noPending2.path("id").asText()).isNotEqualTo(noPending.path("id").asText());
  }

  @Test
  void shouldSetOnlyOwnStatusWithTheUserIdInTheBody() throws Exception {
    HttpResponse<String> ok = daveRest.put("/api/v4/users/" + dave + "/status",
        "{\"user_id\":\"" + dave + "\",\"status\":\"away\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("status").asText()).isEqualTo("away");
    assertThat(bot.getJson("/api/v4/users/" + dave + "/status").path("status").asText()).isEqualTo("away");
    assertAppError(daveRest.put("/api/v4/users/" + alice + "/status",
        "{\"user_id\":\"" + alice + "\",\"status\":\"away\"}"), 403, "api.context.permissions.app_error");
    assertAppError(daveRest.put("/api/v4/users/" + dave + "/status",
        "{\"user_id\":\"" + alice + "\",\"status\":\"away\"}"), 400, "api.context.invalid_param.app_error");
    assertAppError(daveRest.put("/api/v4/users/" + dave + "/status",
        "{\"user_id\":\"" + dave + "\",\"status\":\"sleeping\"}"), 400, "api.context.invalid_param.app_error");
  }

  private static byte[] multipart(String boundary, String channelId, String fileName, byte[] content) {
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"channel_id\"\r\n\r\n" + channelId
        + "\r\n";
    if (fileName != null) {
      head += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + fileName
          + "\"\r\nContent-Type: text/plain\r\n\r\n";
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    if (fileName != null) {
      out.writeBytes(content);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void shouldUploadMultipartWith201AndServeTheBytesAsAnAttachment() throws Exception {
    byte[] content = "hello file".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = bot.post("/api/v4/files", "multipart/form-data; boundary=XyZ",
        multipart("XyZ", townSquare, "notes.txt", content));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode answer = json(r);
    assertThat(answer.path("client_ids").isArray()).isTrue();
    JsonNode info = answer.path("file_infos").get(0);
    assertThat(info.path("name").asText()).isEqualTo("notes.txt");
    assertThat(info.path("size").asLong()).isEqualTo(content.length);
    assertThat(info.path("post_id").asText()).isEmpty();

    HttpResponse<String> file = new SimRestClient(sim, sim.world().tokenOf(alice))
        .get("/api/v4/files/" + info.path("id").asText());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo("hello file");
    assertThat(file.headers().firstValue("Content-Disposition")).get().asString()
        .startsWith("attachment;filename=\"notes.txt\"");

    assertAppError(bot.post("/api/v4/files", "multipart/form-data; boundary=XyZ",
        multipart("XyZ", townSquare, null, null)), 400, "api.file.upload_file.incorrect_number_of_files.app_error");
    String ops = sim.world().botChannelIds().get(3);
    assertAppError(daveRest.post("/api/v4/files", "multipart/form-data; boundary=XyZ",
        multipart("XyZ", ops, "x.txt", content)), 403, "api.context.permissions.app_error");
  }
}
