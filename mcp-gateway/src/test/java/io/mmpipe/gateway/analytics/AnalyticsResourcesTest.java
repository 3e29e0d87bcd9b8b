package io.mmpipe.gateway.analytics;

import static io.mmpipe.gateway.analytics.ActivityBoardTest.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.Era;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.RelatedMessages;
import io.mmpipe.gateway.security.ChannelScope;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyticsResourcesTest {

  private final ActivityBoard board = new ActivityBoard(10);
  private final AnalyticsResources resources = new AnalyticsResources(board);

  AnalyticsResourcesTest() {
    board.put(activity("seen", "hour", 0, 7));
    board.put(activity("hidden", "hour", 0, 3));
  }

  private static Call call(Principal p) {
    return new Call(Era.LEGACY, "2025-11-25", p, IntNode.valueOf(1), null, () -> false, RelatedMessages.NONE, null);
  }

  private static final Principal SCOPED = new Principal.ApiTokenHolder("scoped", ChannelScope.of(Set.of("seen")));

  @Test
  void shouldReadAVisibleChannelsActivity() throws Exception {
    String uri = "mattermost://analytics/channels/seen";
    JsonNode content = resources.read(uri, call(SCOPED)).orElseThrow().get(0);
    assertThat(content.get("uri").asText()).isEqualTo(uri);
    assertThat(content.get("mimeType").asText()).isEqualTo("application/json");
    JsonNode body = JsonRpc.JSON.readTree(content.get("text").asText());
    assertThat(body.get("channel_id").asText()).isEqualTo("seen");
    assertThat(body.get("hour").get("messages").asLong()).isEqualTo(7);
    assertThat(body.get("minute").isNull()).isTrue();
  }

  @Test
  void shouldAnswerAChannelOutOfScopeExactlyAsAnUnknownOne() {
    McpError hidden = catchThrowableOfType(McpError.class,
        () -> resources.read("mattermost://analytics/channels/hidden", call(SCOPED)));
    McpError unknown = catchThrowableOfType(McpError.class,
        () -> resources.read("mattermost://analytics/channels/nosuch", call(SCOPED)));
    assertThat(hidden).isNotNull();
    assertThat(unknown).isNotNull();
    assertThat(hidden.code()).isEqualTo(unknown.code()).isEqualTo(JsonRpc.RESOURCE_NOT_FOUND);
    assertThat(hidden.getMessage().replace("hidden", "X")).isEqualTo(unknown.getMessage().replace("nosuch", "X"));
    // the same channel is readable by a principal that sees every channel
    assertThat(resources.read("mattermost://analytics/channels/hidden", call(new Principal.Anonymous())))
        .isPresent();
  }

  @Test
  void shouldLeaveUrisThatAreNotItsTemplateToOthers() throws Exception {
    for (String uri : new String[] {"mattermost://analytics/channels/", "mattermost://analytics/channels/a b",
        "mattermost://analytics/channels/" + "x".repeat(65), "mattermost://analytics/channels/seen/extra",
        "mattermost://channels/seen/posts"}) {
      assertThat(resources.read(uri, call(SCOPED))).as(uri).isEmpty();
      assertThat(resources.changes(uri)).as(uri).isEmpty();
    }
  }

  @Test
  void shouldNotifyOnTheChannelsActivityUpdatesOnly() {
    var changes = resources.changes("mattermost://analytics/channels/seen").orElseThrow();
    assertThat(changes.test(update("mattermost://new_channel_posts", "seen"))).isTrue();
    assertThat(changes.test(update("mattermost://reactions", "seen"))).isTrue();
    assertThat(changes.test(update("mattermost://typing", "seen"))).isFalse();
    assertThat(changes.test(update("mattermost://new_channel_posts", "other"))).isFalse();
  }

  @Test
  void shouldCompleteOnlyVisibleChannelIds() {
    assertThat(resources.complete(AnalyticsResources.TEMPLATE, "channel_id", "", call(SCOPED)))
        .containsExactly("seen");
    assertThat(resources.complete(AnalyticsResources.TEMPLATE, "channel_id", "h", call(new Principal.Anonymous())))
        .containsExactly("hidden");
  }

  private static ResourceUpdate update(String resource, String channel) {
    return ResourceUpdate.newBuilder().setEventId("e").setResourceUri(resource).setUpdateType("x")
        .setDataJson("{}").setTimestamp(1).setChannelId(channel).build();
  }
}
