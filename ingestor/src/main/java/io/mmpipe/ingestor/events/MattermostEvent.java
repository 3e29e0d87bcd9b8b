package io.mmpipe.ingestor.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.util.List;

/**
 * One parsed WebSocket frame. Sealed because the set of cases is ours (Mattermost's evolving vocabulary lands in
 * {@link Unknown}, never in an exception). Action replies ({@code status}/{@code seq_reply}) are frames too, but
 * they carry no event seq.
 */
public sealed interface MattermostEvent {

  /** The envelope of an event; null for {@link ActionReply}. */
  Envelope envelope();

  /** Events that carry a channel-scoped post. */
  sealed interface PostEvent extends MattermostEvent {
    Post post();
  }

  record Hello(Envelope envelope, String connectionId, String serverHostname, String serverVersion)
      implements MattermostEvent {}

  /** @param mentions the mentioned user ids (current servers: only the receiving user; old servers: all) */
  record Posted(Envelope envelope, Post post, String teamId, String channelType, String channelName,
      String senderName, List<String> mentions, boolean hasImage, boolean hasOtherFile) implements PostEvent {}

  record PostEdited(Envelope envelope, Post post) implements PostEvent {}

  /** @param deletedBy only on the admin ("sensitive") copy; null otherwise */
  record PostDeleted(Envelope envelope, Post post, String deletedBy, boolean sanitizedCopy) implements PostEvent {}

  record ReactionAdded(Envelope envelope, Reaction reaction) implements MattermostEvent {}

  record ReactionRemoved(Envelope envelope, Reaction reaction) implements MattermostEvent {}

  record Typing(Envelope envelope, String channelId, String userId, String parentId) implements MattermostEvent {}

  record StatusChange(Envelope envelope, String userId, String status) implements MattermostEvent {}

  record UserAdded(Envelope envelope, String channelId, String userId, String teamId) implements MattermostEvent {}

  record UserRemoved(Envelope envelope, String channelId, String userId, String removerId)
      implements MattermostEvent {}

  record ChannelCreated(Envelope envelope, String channelId, String teamId) implements MattermostEvent {}

  /** @param channel the channel object (parsed from its JSON string) */
  record ChannelUpdated(Envelope envelope, String channelId, String teamId, JsonNode channel)
      implements MattermostEvent {}

  record ChannelDeleted(Envelope envelope, String channelId, long deleteAt) implements MattermostEvent {}

  record DirectAdded(Envelope envelope, String channelId, String creatorId, String teammateId)
      implements MattermostEvent {}

  record GroupAdded(Envelope envelope, String channelId, List<String> teammateIds) implements MattermostEvent {}

  /** @param thread the thread object (parsed from its JSON string) */
  record ThreadUpdated(Envelope envelope, JsonNode thread) implements MattermostEvent {}

  /** Any other event (plugin events, newer names): carried, never dropped. */
  record Unknown(Envelope envelope) implements MattermostEvent {}

  /** The answer to one of our actions ({@code ping} and friends). */
  record ActionReply(long seqReply, String status, JsonNode data, String errorId) implements MattermostEvent {
    @Override
    public Envelope envelope() {
      return null;
    }

    public boolean ok() {
      return "OK".equalsIgnoreCase(status);
    }
  }
}
