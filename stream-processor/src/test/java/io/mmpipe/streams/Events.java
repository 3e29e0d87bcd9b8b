package io.mmpipe.streams;

import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.MembershipPayload;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.schemas.avro.TypingPayload;
import java.util.List;

/** Real-shaped raw events, as the ingestor writes them (docs/contracts.md). */
public final class Events {

  public static final String CHANNEL = "ch1aaaaaaaaaaaaaaaaaaaaaaa";
  public static final String TEAM = "team1aaaaaaaaaaaaaaaaaaaaa";
  public static final String USER = "user1aaaaaaaaaaaaaaaaaaaaa";
  public static final long T0 = 1_767_225_600_000L; // 2026-01-01

  private Events() {}

  public static Post.Builder post(String id, long createAt) {
    return Post.newBuilder().setId(id).setChannelId(CHANNEL).setUserId(USER).setMessage("Hello world!")
        .setCreateAt(createAt).setUpdateAt(createAt);
  }

  public static RawEvent ws(String eventType, Object payload, long observedAt) {
    return raw(Source.WEBSOCKET, eventType, payload, observedAt, "conn-1", 1L);
  }

  public static RawEvent poll(String eventType, Object payload, long observedAt) {
    return raw(Source.POLL, eventType, payload, observedAt, null, null);
  }

  public static RawEvent raw(Source source, String eventType, Object payload, long observedAt, String conn,
      Long seq) {
    return RawEvent.newBuilder().setSource(source).setEventType(eventType).setChannelId(CHANNEL).setTeamId(TEAM)
        .setObservedAt(observedAt).setServerId("http://mm.local:8065").setIngestorId("ingestor-a")
        .setConnectionId(conn).setSeq(seq).setPayload(payload).build();
  }

  public static PostPayload postPayload(Post p) {
    return PostPayload.newBuilder().setPost(p).setTeamId(TEAM).setChannelType("O").setChannelName("town-square")
        .setSenderName("@alice").build();
  }

  public static RawEvent posted(Post p) {
    return ws("posted", postPayload(p), p.getCreateAt() + 5);
  }

  public static RawEvent polled(Post p, long observedAt) {
    return poll("polled_post", postPayload(p), observedAt);
  }

  public static Reaction reaction(String postId, String user, String emoji, long createAt) {
    return Reaction.newBuilder().setPostId(postId).setUserId(user).setEmojiName(emoji).setCreateAt(createAt)
        .setUpdateAt(createAt).setChannelId(CHANNEL).build();
  }

  public static RawEvent reactionAdded(Reaction r, long observedAt) {
    return ws("reaction_added", ReactionPayload.newBuilder().setReaction(r).build(), observedAt);
  }

  public static RawEvent reactionRemoved(Reaction r, long observedAt) {
    return ws("reaction_removed", ReactionPayload.newBuilder().setReaction(r).build(), observedAt);
  }

  public static RawEvent snapshot(String postId, long postUpdateAt, List<Reaction> reactions, long observedAt) {
    return poll("polled_reactions", ReactionSnapshotPayload.newBuilder().setPostId(postId)
        .setPostUpdateAt(postUpdateAt).setReactions(reactions).build(), observedAt);
  }

  public static RawEvent status(String user, String status, long observedAt) {
    RawEvent e = ws("status_change", StatusPayload.newBuilder().setUserId(user).setStatus(status).build(),
        observedAt);
    e.setChannelId(null);
    e.setTeamId(null);
    return e;
  }

  public static RawEvent membership(String type, String user, long observedAt) {
    return ws(type, MembershipPayload.newBuilder().setUserId(user).setChannelId(CHANNEL).setTeamId(TEAM).build(),
        observedAt);
  }

  public static RawEvent typing(String user, String parent, long observedAt) {
    return ws("typing", TypingPayload.newBuilder().setUserId(user).setParentId(parent).build(), observedAt);
  }

  /** The event as the frame {@code seq} of its connection. */
  public static RawEvent at(RawEvent e, long seq) {
    e.setSeq(seq);
    return e;
  }

  /** The event as another ingestor's copy, read from that ingestor's own connection. */
  public static RawEvent from(RawEvent e, String ingestor, String connection, long seq) {
    e.setIngestorId(ingestor);
    e.setConnectionId(connection);
    e.setSeq(seq);
    return e;
  }

  public static RawEvent generic(String type, String json, long observedAt) {
    return ws(type, GenericPayload.newBuilder().setDataJson(json).build(), observedAt);
  }

  public static FileInfo file(String id, String name) {
    return FileInfo.newBuilder().setId(id).setName(name).setExtension("png").setMimeType("image/png")
        .setSize(1234).build();
  }
}
