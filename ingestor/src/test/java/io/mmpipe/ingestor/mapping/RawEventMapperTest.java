package io.mmpipe.ingestor.mapping;

import static io.mmpipe.ingestor.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.ChannelPayload;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.MembershipPayload;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.schemas.avro.TypingPayload;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawEventMapperTest {

  private static final Map<String, String> TEAMS = Map.of(CH, TEAM, DM, "");
  private final RawEventMapper mapper = new RawEventMapper("http://mm.example", "ing-1", TEAMS::get);
  private final AvroSerde<RawEvent> serde = AvroSerde.of(RawEvent.class);

  private KeyedEvent map(String fixture) {
    return mapper.fromWebSocket(frame(fixture), "conn-1", 42L).orElseThrow();
  }

  static Stream<Arguments> everyEventFixture() {
    return Stream.of(
        Arguments.of("posted.new.json", "posted", PostPayload.class, CH),
        Arguments.of("posted.old.json", "posted", PostPayload.class, CH),
        Arguments.of("posted.dm.json", "posted", PostPayload.class, DM),
        Arguments.of("post_edited.new.json", "post_edited", PostPayload.class, CH),
        Arguments.of("post_edited.old.json", "post_edited", PostPayload.class, CH),
        Arguments.of("post_deleted.sanitized.json", "post_deleted", PostPayload.class, CH),
        Arguments.of("post_deleted.sensitive.json", "post_deleted", PostPayload.class, CH),
        Arguments.of("post_deleted.old.json", "post_deleted", PostPayload.class, CH),
        Arguments.of("reaction_added.new.json", "reaction_added", ReactionPayload.class, CH),
        Arguments.of("reaction_added.old.json", "reaction_added", ReactionPayload.class, CH),
        Arguments.of("reaction_removed.new.json", "reaction_removed", ReactionPayload.class, CH),
        Arguments.of("reaction_removed.old.json", "reaction_removed", ReactionPayload.class, CH),
        Arguments.of("typing.new.json", "typing", TypingPayload.class, CH),
        Arguments.of("typing.old.json", "typing", TypingPayload.class, CH),
        Arguments.of("status_change.new.json", "status_change", StatusPayload.class, "user:" + BOT),
        Arguments.of("status_change.old.json", "status_change", StatusPayload.class, "user:" + BOT),
        Arguments.of("user_added.new.json", "user_added", MembershipPayload.class, CH),
        Arguments.of("user_added.old.json", "user_added", MembershipPayload.class, CH),
        Arguments.of("user_removed.new.json", "user_removed", MembershipPayload.class, CH),
        Arguments.of("user_removed.self.json", "user_removed", MembershipPayload.class, CH),
        Arguments.of("user_removed.old.json", "user_removed", MembershipPayload.class, CH),
        Arguments.of("channel_created.new.json", "channel_created", ChannelPayload.class, "newchannel0000000000000001"),
        Arguments.of("channel_created.old.json", "channel_created", ChannelPayload.class, "newchannel0000000000000001"),
        Arguments.of("channel_updated.new.json", "channel_updated", ChannelPayload.class, CH),
        Arguments.of("channel_updated.old.json", "channel_updated", ChannelPayload.class, CH),
        Arguments.of("channel_deleted.new.json", "channel_deleted", ChannelPayload.class, CH),
        Arguments.of("channel_deleted.old.json", "channel_deleted", ChannelPayload.class, CH),
        Arguments.of("direct_added.new.json", "direct_added", ChannelPayload.class, DM),
        Arguments.of("direct_added.old.json", "direct_added", ChannelPayload.class, DM),
        Arguments.of("group_added.new.json", "group_added", ChannelPayload.class, "gmchannel00000000000000001"),
        Arguments.of("group_added.old.json", "group_added", ChannelPayload.class, "gmchannel00000000000000001"),
        Arguments.of("thread_updated.new.json", "thread_updated", GenericPayload.class, "user:" + BOT),
        Arguments.of("thread_updated.old.json", "thread_updated", GenericPayload.class, "user:" + BOT),
        Arguments.of("custom_plugin.json", "custom_com.mattermost.calls_call_start", GenericPayload.class, CH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEventFixture")
  void shouldMapEveryEventToItsContractPayloadKeyAndSurviveAvro(String fixture, String type, Class<?> payload,
      String key) {
    KeyedEvent k = map(fixture);
    assertThat(k.key()).isEqualTo(key);
    RawEvent e = k.event();
    assertThat(e.getSource()).isEqualTo(Source.WEBSOCKET);
    assertThat(e.getEventType()).isEqualTo(type);
    assertThat(e.getPayload()).isInstanceOf(payload);
    assertThat(e.getConnectionId()).isEqualTo("conn-1");
    assertThat(e.getSeq()).isEqualTo(frame(fixture).envelope().seq());
    assertThat(e.getObservedAt()).isEqualTo(42L);
    assertThat(e.getServerId()).isEqualTo("http://mm.example");
    assertThat(e.getIngestorId()).isEqualTo("ing-1");
    assertThat(serde.deserialize("t", serde.serialize("t", e))).isEqualTo(e);
  }

  @Test
  void shouldNotWriteHelloOrActionReplies() {
    assertThat(mapper.fromWebSocket(frame("hello.new.json"), "c", 1)).isEmpty();
    assertThat(mapper.fromWebSocket(frame("ping_reply.json"), "c", 1)).isEmpty();
  }

  @Test
  void shouldFillTeamFromChannelMapWhenEventHasNone() {
    assertThat(map("post_edited.new.json").event().getTeamId()).isEqualTo(TEAM);
    assertThat(((PostPayload) map("post_edited.new.json").event().getPayload()).getTeamId()).isEqualTo(TEAM);
    assertThat(map("posted.dm.json").event().getTeamId()).isEmpty();
    assertThat(map("reaction_added.new.json").event().getTeamId()).isEqualTo(TEAM);
  }

  @Test
  void shouldKeepDeleterOnlyOnAdminCopy() {
    assertThat(((PostPayload) map("post_deleted.sensitive.json").event().getPayload()).getDeletedBy()).isEqualTo(U2);
    assertThat(((PostPayload) map("post_deleted.sanitized.json").event().getPayload()).getDeletedBy()).isNull();
  }

  @Test
  void shouldCarryMembersOfDirectAndGroupChannels() {
    assertThat(((ChannelPayload) map("direct_added.new.json").event().getPayload()).getMemberIds())
        .containsExactly(U1, BOT);
    assertThat(((ChannelPayload) map("group_added.new.json").event().getPayload()).getMemberIds())
        .containsExactly(U1, U2, BOT);
    assertThat(((ChannelPayload) map("channel_updated.new.json").event().getPayload()).getChannelJson())
        .contains("\"header\":\"new header\"");
  }

  @Test
  void shouldWriteParsedThreadObjectNotAJsonString() throws Exception {
    String json = ((GenericPayload) map("thread_updated.new.json").event().getPayload()).getDataJson();
    assertThat(Json.MAPPER.readTree(json).get("thread").isObject()).isTrue();
    assertThat(json).contains("\"thread\":{").doesNotContain("\\\"");
  }

  @Test
  void shouldBuildPolledPostAndReactionSnapshotWithoutConnection() {
    var post = ((MattermostEvent.PostEdited) frame("post_edited.new.json")).post();
    var reaction = ((MattermostEvent.ReactionAdded) frame("reaction_added.new.json")).reaction();
    KeyedEvent p = mapper.polledPost(post, 7);
    assertThat(p.key()).isEqualTo(CH);
    assertThat(p.event().getSource()).isEqualTo(Source.POLL);
    assertThat(p.event().getEventType()).isEqualTo("polled_post");
    assertThat(p.event().getConnectionId()).isNull();
    assertThat(p.event().getSeq()).isNull();
    assertThat(p.event().getTeamId()).isEqualTo(TEAM);
    KeyedEvent r = mapper.polledReactions(post, List.of(reaction), 7);
    assertThat(r.event().getEventType()).isEqualTo("polled_reactions");
    ReactionSnapshotPayload snap = (ReactionSnapshotPayload) r.event().getPayload();
    assertThat(snap.getPostId()).isEqualTo(P1);
    assertThat(snap.getPostUpdateAt()).isEqualTo(post.getUpdateAt());
    assertThat(snap.getReactions()).containsExactly(reaction);
    assertThat(serde.deserialize("t", serde.serialize("t", r.event()))).isEqualTo(r.event());
  }
}
