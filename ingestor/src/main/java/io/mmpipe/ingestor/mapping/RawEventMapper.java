package io.mmpipe.ingestor.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.ingestor.events.Envelope;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.events.MattermostEvent.*;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.mattermost.rest.CatchUpGap;
import io.mmpipe.schemas.avro.ChannelPayload;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps parsed Mattermost observations to {@link RawEvent}s as docs/contracts.md defines them (event type, payload,
 * key, team id filled from the channel → team map).
 *
 * @param serverId   the Mattermost site URL
 * @param ingestorId this instance
 * @param teamOf     channel id → team id ("" for DMs/GMs), or null when the channel is unknown
 */
public record RawEventMapper(String serverId, String ingestorId, Function<String, String> teamOf) {

  /** A WebSocket event; empty for frames that are not observations (hello, action replies). */
  public Optional<KeyedEvent> fromWebSocket(MattermostEvent e, String connectionId, long observedAt) {
    if (e instanceof Hello || e instanceof ActionReply) {
      return Optional.empty();
    }
    Envelope env = e.envelope();
    String channel = switch (e) {
      case PostEvent p -> nonEmpty(p.post().getChannelId(), env.channelId());
      case ReactionAdded r -> nonEmpty(r.reaction().getChannelId(), env.channelId());
      case ReactionRemoved r -> nonEmpty(r.reaction().getChannelId(), env.channelId());
      case Typing t -> t.channelId();
      case StatusChange s -> null;
      case UserAdded u -> u.channelId();
      case UserRemoved u -> u.channelId();
      case ChannelCreated c -> c.channelId();
      case ChannelUpdated c -> c.channelId();
      case ChannelDeleted c -> c.channelId();
      case DirectAdded d -> d.channelId();
      case GroupAdded g -> g.channelId();
      default -> env.channelId();
    };
    channel = channel == null || channel.isEmpty() ? null : channel;
    String eventTeam = switch (e) {
      case Posted p -> p.teamId();
      case UserAdded u -> u.teamId();
      case ChannelCreated c -> c.teamId();
      case ChannelUpdated c -> c.teamId();
      default -> env.teamId();
    };
    String team = team(eventTeam, channel);
    Object payload = switch (e) {
      case Posted p -> postPayload(p.post(), team, p.channelType(), p.channelName(), p.senderName(), null);
      case PostEdited p -> postPayload(p.post(), team, null, null, null, null);
      case PostDeleted p -> postPayload(p.post(), team, null, null, null, p.deletedBy());
      case ReactionAdded r -> new ReactionPayload(r.reaction());
      case ReactionRemoved r -> new ReactionPayload(r.reaction());
      case Typing t -> new TypingPayload(t.userId(), t.parentId());
      case StatusChange s -> new StatusPayload(s.userId(), s.status());
      case UserAdded u -> new MembershipPayload(u.userId(), channel, team, null);
      case UserRemoved u -> new MembershipPayload(u.userId(), channel, team, u.removerId());
      case ChannelCreated c -> channelPayload(c.channelId(), team, null, 0, List.of());
      case ChannelUpdated c -> channelPayload(c.channelId(), team, c.channel() == null ? null : c.channel().toString(),
          Json.number(c.channel(), "delete_at"), List.of());
      case ChannelDeleted c -> channelPayload(c.channelId(), team, null, c.deleteAt(), List.of());
      case DirectAdded d -> channelPayload(d.channelId(), team, null, 0, members(d.creatorId(), d.teammateId()));
      case GroupAdded g -> channelPayload(g.channelId(), team, null, 0, g.teammateIds());
      default -> new GenericPayload(env.data().toString());
    };
    String key = channel != null ? channel : "user:" + userOf(e);
    RawEvent raw = RawEvent.newBuilder()
        .setSource(Source.WEBSOCKET)
        .setEventType(env.event())
        .setChannelId(channel)
        .setTeamId(team)
        .setObservedAt(observedAt)
        .setServerId(serverId)
        .setIngestorId(ingestorId)
        .setConnectionId(connectionId)
        .setSeq(env.seq())
        .setPayload(payload)
        .build();
    return Optional.of(new KeyedEvent(key, raw));
  }

  /** One post row from {@code GET /channels/{id}/posts?since=}. */
  public KeyedEvent polledPost(Post post, long observedAt) {
    String team = team(null, post.getChannelId());
    return new KeyedEvent(post.getChannelId(), pollEvent("polled_post", post.getChannelId(), team, observedAt,
        postPayload(post, team, null, null, null, null)));
  }

  /** The complete current reaction set of one post. */
  public KeyedEvent polledReactions(Post post, List<Reaction> reactions, long observedAt) {
    String team = team(null, post.getChannelId());
    ReactionSnapshotPayload p = new ReactionSnapshotPayload(post.getId(), post.getUpdateAt(),
        new ArrayList<>(reactions));
    return new KeyedEvent(post.getChannelId(), pollEvent("polled_reactions", post.getChannelId(), team, observedAt, p));
  }

  /**
   * A catch-up that could not reach every change (docs/contracts.md {@code gap}): the window and what may be missing
   * in it, as a GenericPayload so the contract needs no new record.
   */
  public KeyedEvent gap(String channelId, CatchUpGap gap, long observedAt) {
    ObjectNode data = Json.MAPPER.createObjectNode().put("channel_id", channelId).put("from", gap.from())
        .put("to", gap.to()).put("posts_created_before", gap.postsCreatedBefore())
        .put("deletions_hidden", gap.deletionsHidden()).put("reason", gap.reason());
    return new KeyedEvent(channelId, pollEvent("gap", channelId, team(null, channelId), observedAt,
        new GenericPayload(data.toString())));
  }

  /** A user's status read by polling ({@code POST /users/status/ids}) that differs from the last one read. */
  public KeyedEvent polledStatus(String userId, String status, long observedAt) {
    return new KeyedEvent("user:" + userId, pollEvent("status_change", null, null, observedAt,
        new StatusPayload(userId, status)));
  }

  private RawEvent pollEvent(String type, String channel, String team, long observedAt, Object payload) {
    return RawEvent.newBuilder()
        .setSource(Source.POLL)
        .setEventType(type)
        .setChannelId(channel)
        .setTeamId(team)
        .setObservedAt(observedAt)
        .setServerId(serverId)
        .setIngestorId(ingestorId)
        .setConnectionId(null)
        .setSeq(null)
        .setPayload(payload)
        .build();
  }

  private String team(String fromEvent, String channel) {
    if (fromEvent != null && !fromEvent.isEmpty()) {
      return fromEvent;
    }
    String known = channel == null ? null : teamOf.apply(channel);
    // contracts.md: "" for DMs and group messages; unknown channels keep what the event said (possibly "")
    return known != null ? known : (fromEvent == null ? null : fromEvent);
  }

  private static PostPayload postPayload(Post post, String team, String type, String name, String sender,
      String deletedBy) {
    return new PostPayload(post, team, type, name, sender, deletedBy);
  }

  private static ChannelPayload channelPayload(String id, String team, String json, long deleteAt,
      List<String> members) {
    return new ChannelPayload(id, team, json, deleteAt, new ArrayList<>(members));
  }

  private static List<String> members(String... ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (id != null && !id.isEmpty()) {
        out.add(id);
      }
    }
    return out;
  }

  private static String userOf(MattermostEvent e) {
    if (e instanceof StatusChange s && !s.userId().isEmpty()) {
      return s.userId();
    }
    JsonNode d = e.envelope().data();
    String fromData = Json.text(d, "user_id");
    return fromData.isEmpty() ? e.envelope().userId() : fromData;
  }

  private static String nonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }
}
