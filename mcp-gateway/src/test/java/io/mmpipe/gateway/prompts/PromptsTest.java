package io.mmpipe.gateway.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.gateway.mattermost.MattermostAccess;
import io.mmpipe.gateway.mattermost.MattermostReads;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.Era;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.McpError;
import io.mmpipe.gateway.mcp.RelatedMessages;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The prompts' arguments: times, the catch-up token and the errors a client gets before Mattermost is asked. */
class PromptsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final MattermostClient NOWHERE = new MattermostClient(URI.create("http://127.0.0.1:9"),
      Secret.of("t"), "MATTERMOST_TOKEN", RestPolicy.defaults(1));
  private static final MattermostReads READS = new MattermostReads(new MattermostAccess(NOWHERE, null),
      new ReadCache(null, "t:", () -> { }, () -> { }));
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @AfterAll
  static void close() {
    NOWHERE.close();
  }

  private static Call call() {
    return new Call(Era.LEGACY, "2025-11-25", new Principal.Anonymous(), IntNode.valueOf(1), null, () -> false,
        RelatedMessages.NONE, null);
  }

  private static ObjectNode args(String... kv) {
    ObjectNode o = JsonRpc.JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.put(kv[i], kv[i + 1]);
    }
    return o;
  }

  @Test
  void shouldReadTimesAsMillisInstantsOrDurationsBack() {
    assertThat(ChannelDigest.time("since", "1764590400000", NOW)).isEqualTo(1764590400000L);
    assertThat(ChannelDigest.time("since", "2026-12-01T10:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
    assertThat(ChannelDigest.time("since", "PT2H", NOW)).isEqualTo(NOW.minusSeconds(7200).toEpochMilli());
    assertThatThrownBy(() -> ChannelDigest.time("since", "yesterday", NOW)).isInstanceOfSatisfying(McpError.class,
        e -> assertThat(e.code()).isEqualTo(JsonRpc.INVALID_PARAMS)).hasMessageContaining("PT2H");
  }

  @Test
  void shouldRoundTripTheCatchUpTokenAndRefuseForeignOnes() {
    assertThat(CatchUpPrompt.since(CatchUpPrompt.token(1764590400000L))).isEqualTo(1764590400000L);
    assertThatThrownBy(() -> CatchUpPrompt.since("not-a-token")).isInstanceOf(McpError.class)
        .hasMessageContaining("resume_token");
    assertThatThrownBy(() -> CatchUpPrompt.since(java.util.Base64.getUrlEncoder().encodeToString("cu1:x".getBytes())))
        .isInstanceOf(McpError.class);
  }

  static Stream<Arguments> badArguments() {
    String many = String.join(",", java.util.Collections.nCopies(21, "c").stream()
        .map(c -> c + Math.random()).toList());
    return Stream.of(
        Arguments.of("summarize_channel", args(), "channel_id is required"),
        Arguments.of("summarize_channel", args("channel_id", "c1", "since", "last week"), "since must be"),
        Arguments.of("catch_up", args(), "channel_ids is required"),
        Arguments.of("catch_up", args("channel_ids", " , "), "channel_ids must name 1 to 20 channels"),
        Arguments.of("catch_up", args("channel_ids", many), "channel_ids must name 1 to 20 channels"),
        Arguments.of("catch_up", args("channel_ids", "c1", "resume_token", "zzz"), "resume_token is not a token"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badArguments")
  void shouldRefuseBadArgumentsWithInvalidParams(String prompt, ObjectNode arguments, String message) {
    var p = prompt.equals("catch_up") ? new CatchUpPrompt(READS, CLOCK) : new SummarizeChannelPrompt(READS, CLOCK);
    assertThatThrownBy(() -> p.get(call(), arguments)).isInstanceOfSatisfying(McpError.class,
        e -> assertThat(e.code()).isEqualTo(JsonRpc.INVALID_PARAMS)).hasMessageContaining(message);
  }

  @Test
  void shouldDeclareTheirArguments() {
    assertThat(new SummarizeChannelPrompt(READS, CLOCK).arguments()).extracting(a -> a.get("name").asText())
        .containsExactly("channel_id", "since");
    assertThat(new CatchUpPrompt(READS, CLOCK).arguments()).extracting(a -> a.get("name").asText())
        .containsExactly("channel_ids", "resume_token");
  }
}
