package io.mmpipe.ingestor.events;

import static io.mmpipe.ingestor.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.ingestor.events.MattermostEvent.*;
import org.junit.jupiter.api.Test;

class FrameParserTest {

  @Test
  void shouldReadConnectionIdFromNewHello() {
    Hello h = (Hello) frame("hello.new.json");
    assertThat(h.connectionId()).isEqualTo("h4nn4zz5x7fcjr6gk38r1oiq1o");
    assertThat(h.serverHostname()).isEqualTo("mm-app-1");
    assertThat(h.envelope().seq()).isZero();
  }

  @Test
  void shouldAcceptOldHelloWithoutHostnameOrConnectionId() {
    Hello h = (Hello) frame("hello.old.json");
    assertThat(h.serverHostname()).isNull();
    assertThat(h.connectionId()).isEmpty();
    assertThat(h.serverVersion()).startsWith("5.20.0");
  }

  @Test
  void shouldParseEmbeddedPostMentionsAndStringBooleansOfNewPosted() {
    Posted p = (Posted) frame("posted.new.json");
    assertThat(p.post().getId()).isEqualTo(P1);
    assertThat(p.post().getRootId()).isEqualTo(ROOT);
    assertThat(p.post().getFiles()).singleElement().satisfies(f -> {
      assertThat(f.getName()).isEqualTo("diagram.png");
      assertThat(f.getMimeType()).isEqualTo("image/png");
      assertThat(f.getSize()).isEqualTo(48213L);
    });
    assertThat(p.post().getFileIds()).containsExactly("fileid000000000000000000001");
    assertThat(p.post().getPropsJson()).contains("disable_group_highlight");
    assertThat(p.post().getReplyCount()).isEqualTo(3L);
    assertThat(p.mentions()).containsExactly(BOT);
    assertThat(p.hasImage()).isTrue();
    assertThat(p.hasOtherFile()).isFalse();
    assertThat(p.teamId()).isEqualTo(TEAM);
    assertThat(p.channelType()).isEqualTo("O");
    assertThat(p.senderName()).isEqualTo("@alice");
    assertThat(p.envelope().seq()).isEqualTo(1);
  }

  @Test
  void shouldMapParentIdToRootIdAndReadFullMentionListOfOldPosted() {
    Posted p = (Posted) frame("posted.old.json");
    assertThat(p.post().getRootId()).isEqualTo(ROOT);
    assertThat(p.post().getIsPinned()).isFalse();
    assertThat(p.post().getFiles()).isEmpty();
    assertThat(p.post().getPendingPostId()).isNull();
    assertThat(p.post().getReplyCount()).isNull();
    assertThat(p.mentions()).containsExactly(BOT, U2);
  }

  @Test
  void shouldReadMentionSentAsOwnIdStringOnDirectMessage() {
    Posted p = (Posted) frame("posted.dm.json");
    assertThat(p.mentions()).containsExactly(BOT);
    assertThat(p.teamId()).isEmpty();
    assertThat(p.channelType()).isEqualTo("D");
  }

  @Test
  void shouldParseEditedPostInBothShapes() {
    PostEdited n = (PostEdited) frame("post_edited.new.json");
    assertThat(n.post().getEditAt()).isEqualTo(1700000005000L).isEqualTo(n.post().getUpdateAt());
    assertThat(n.post().getMessage()).isEqualTo("edited text");
    PostEdited o = (PostEdited) frame("post_edited.old.json");
    assertThat(o.post().getRootId()).isEqualTo(ROOT);
    assertThat(o.post().getEditAt()).isEqualTo(1500000005000L);
  }

  @Test
  void shouldTellSanitizedAndSensitiveDeleteCopiesApartButKeepTheSamePost() {
    PostDeleted s = (PostDeleted) frame("post_deleted.sanitized.json");
    PostDeleted a = (PostDeleted) frame("post_deleted.sensitive.json");
    PostDeleted o = (PostDeleted) frame("post_deleted.old.json");
    assertThat(s.deletedBy()).isNull();
    assertThat(s.sanitizedCopy()).isTrue();
    assertThat(a.deletedBy()).isEqualTo(U2);
    assertThat(a.sanitizedCopy()).isFalse();
    assertThat(s.post()).isEqualTo(a.post()).isEqualTo(o.post());
    assertThat(s.post().getDeleteAt()).isZero();
  }

  @Test
  void shouldParseReactionsWithEightOrFourFields() {
    ReactionAdded n = (ReactionAdded) frame("reaction_added.new.json");
    assertThat(n.reaction().getEmojiName()).isEqualTo("+1");
    assertThat(n.reaction().getUserId()).isEqualTo(U2);
    assertThat(n.reaction().getPostId()).isEqualTo(P1);
    assertThat(n.reaction().getChannelId()).isEqualTo(CH);
    assertThat(n.reaction().getCreateAt()).isEqualTo(1700000010000L);
    ReactionAdded o = (ReactionAdded) frame("reaction_added.old.json");
    assertThat(o.reaction().getEmojiName()).isEqualTo("eyes");
    assertThat(o.reaction().getUpdateAt()).isZero();
    assertThat(o.reaction().getChannelId()).as("old reactions take the broadcast channel").isEqualTo(CH);
  }

  @Test
  void shouldFillEmptyChannelOfRemovedReactionFromBroadcast() {
    ReactionRemoved n = (ReactionRemoved) frame("reaction_removed.new.json");
    assertThat(n.reaction().getChannelId()).isEqualTo(CH);
    assertThat(n.reaction().getCreateAt()).isZero();
    assertThat(n.reaction().getUpdateAt()).isEqualTo(1700000020000L);
    ReactionRemoved o = (ReactionRemoved) frame("reaction_removed.old.json");
    assertThat(o.reaction().getEmojiName()).isEqualTo("eyes");
    assertThat(o.reaction().getChannelId()).isEqualTo(CH);
  }

  @Test
  void shouldParseTypingWithAndWithoutParent() {
    Typing n = (Typing) frame("typing.new.json");
    assertThat(n.userId()).isEqualTo(U1);
    assertThat(n.channelId()).isEqualTo(CH);
    assertThat(n.parentId()).isEqualTo(ROOT);
    assertThat(((Typing) frame("typing.old.json")).parentId()).isNull();
  }

  @Test
  void shouldParseStatusChangeInBothShapes() {
    StatusChange n = (StatusChange) frame("status_change.new.json");
    assertThat(n.userId()).isEqualTo(BOT);
    assertThat(n.status()).isEqualTo("away");
    assertThat(((StatusChange) frame("status_change.old.json")).status()).isEqualTo("online");
  }

  @Test
  void shouldParseMembershipEventsIncludingTheRemovedUsersOwnCopy() {
    UserAdded a = (UserAdded) frame("user_added.new.json");
    assertThat(a.userId()).isEqualTo(U2);
    assertThat(a.channelId()).isEqualTo(CH);
    assertThat(a.teamId()).isEqualTo(TEAM);
    UserAdded ao = (UserAdded) frame("user_added.old.json");
    assertThat(ao.teamId()).isEmpty();
    UserRemoved r = (UserRemoved) frame("user_removed.new.json");
    assertThat(r.userId()).isEqualTo(U2);
    assertThat(r.removerId()).isEqualTo(U1);
    UserRemoved self = (UserRemoved) frame("user_removed.self.json");
    assertThat(self.userId()).isEqualTo(BOT);
    assertThat(self.channelId()).isEqualTo(CH);
    assertThat(((UserRemoved) frame("user_removed.old.json")).channelId()).isEqualTo(CH);
  }

  @Test
  void shouldParseChannelLifecycleEvents() {
    for (String shape : new String[] {"new", "old"}) {
      ChannelCreated c = (ChannelCreated) frame("channel_created." + shape + ".json");
      assertThat(c.channelId()).isEqualTo("newchannel0000000000000001");
      assertThat(c.teamId()).isEqualTo(TEAM);
      ChannelUpdated u = (ChannelUpdated) frame("channel_updated." + shape + ".json");
      assertThat(u.channelId()).isEqualTo(CH);
      assertThat(u.teamId()).isEqualTo(TEAM);
      assertThat(u.channel().get("header").asText()).isEqualTo("new header");
      ChannelDeleted d = (ChannelDeleted) frame("channel_deleted." + shape + ".json");
      assertThat(d.channelId()).isEqualTo(CH);
      assertThat(d.deleteAt()).isPositive();
    }
  }

  @Test
  void shouldParseDirectAndGroupAdded() {
    DirectAdded d = (DirectAdded) frame("direct_added.new.json");
    assertThat(d.channelId()).isEqualTo(DM);
    assertThat(d.creatorId()).isEqualTo(U1);
    assertThat(d.teammateId()).isEqualTo(BOT);
    assertThat(((DirectAdded) frame("direct_added.old.json")).creatorId()).isEmpty();
    assertThat(((GroupAdded) frame("group_added.new.json")).teammateIds()).containsExactly(U1, U2, BOT);
    assertThat(((GroupAdded) frame("group_added.old.json")).teammateIds()).containsExactly(U1, U2);
  }

  @Test
  void shouldParseThreadObjectOfThreadUpdated() {
    for (String shape : new String[] {"new", "old"}) {
      ThreadUpdated t = (ThreadUpdated) frame("thread_updated." + shape + ".json");
      assertThat(t.thread().get("reply_count").asInt()).isEqualTo(4);
      assertThat(t.envelope().teamId()).isEqualTo(TEAM);
    }
  }

  @Test
  void shouldCarryUnknownPluginEventWithParsedData() {
    Unknown u = (Unknown) frame("custom_plugin.json");
    assertThat(u.envelope().event()).isEqualTo("custom_com.mattermost.calls_call_start");
    assertThat(u.envelope().data().get("thread").isObject()).isTrue();
    assertThat(u.envelope().seq()).isEqualTo(23);
  }

  @Test
  void shouldParseActionReplies() {
    ActionReply ok = (ActionReply) frame("ping_reply.json");
    assertThat(ok.ok()).isTrue();
    assertThat(ok.seqReply()).isEqualTo(3);
    assertThat(ok.data().get("text").asText()).isEqualTo("pong");
    assertThat(ok.envelope()).isNull();
    ActionReply fail = (ActionReply) frame("fail_reply.json");
    assertThat(fail.ok()).isFalse();
    assertThat(fail.errorId()).isEqualTo("api.web_socket_router.bad_action.app_error");
  }

  @Test
  void shouldParseCompactFrameEndingInNewlineLikeSpacedOne() throws Exception {
    String compact = "{\"event\":\"typing\",\"data\":{\"parent_id\":\"\",\"user_id\":\"" + U1
        + "\"},\"broadcast\":{\"channel_id\":\"" + CH + "\"},\"seq\":12}\n";
    assertThat(FrameParser.parse(compact)).isEqualTo(frame("typing.old.json"));
  }

  @Test
  void shouldRejectGarbageWithAReason() {
    assertThatThrownBy(() -> FrameParser.parse("\u0000\u0001garbage{")).isInstanceOf(FrameParseException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> FrameParser.parse("[1,2]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> FrameParser.parse("{\"foo\":1}")).hasMessageContaining("neither an event");
    assertThatThrownBy(() -> FrameParser.parse("{\"event\":\"posted\",\"data\":{},\"seq\":3}"))
        .hasMessageContaining("no 'post' object");
    assertThatThrownBy(() -> FrameParser.parse("{\"event\":\"posted\",\"data\":{}}"))
        .hasMessageContaining("no numeric seq");
  }
}
