package io.mmpipe.streams.validation;

import io.mmpipe.schemas.avro.ChannelPayload;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.MembershipPayload;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.schemas.avro.TypingPayload;
import io.mmpipe.streams.updates.GapUpdates;
import java.util.Optional;

/**
 * Semantic checks of a RawEvent that Avro cannot express (docs/contracts.md "payload by event"): the payload type
 * must fit the event type, and the ids every later stage keys on must be present. Returns why an event is unusable.
 */
public final class EventValidator {

  private EventValidator() {}

  public static Optional<String> problem(String key, RawEvent e) {
    if (e == null) {
      return Optional.of("null value (tombstone) on the raw event topic");
    }
    if (key == null || key.isBlank()) {
      return Optional.of("missing record key (channel id or user:<id>)");
    }
    Class<?> expected = expectedPayload(e.getEventType());
    Object payload = e.getPayload();
    if (!expected.isInstance(payload)) {
      return Optional.of("event_type " + e.getEventType() + " needs a " + expected.getSimpleName() + " but got a "
          + (payload == null ? "null" : payload.getClass().getSimpleName()));
    }
    return switch (payload) {
      case PostPayload p -> post(e.getEventType(), p.getPost());
      case ReactionPayload r -> reaction(r.getReaction(), null);
      case ReactionSnapshotPayload s -> snapshot(s);
      case StatusPayload s -> blank(s.getUserId()) ? Optional.of("status_change without user_id")
          : blank(s.getStatus()) ? Optional.of("status_change without status") : Optional.empty();
      case MembershipPayload m -> blank(m.getUserId()) ? Optional.of(e.getEventType() + " without user_id")
          : Optional.empty();
      case TypingPayload t -> blank(t.getUserId()) ? Optional.of("typing without user_id") : Optional.empty();
      case ChannelPayload c -> blank(c.getChannelId()) ? Optional.of(e.getEventType() + " without channel_id")
          : Optional.empty();
      case GenericPayload ignored when "gap".equals(e.getEventType()) -> Optional.ofNullable(GapUpdates.problem(e));
      default -> Optional.empty();
    };
  }

  /** docs/contracts.md: which payload each event type carries; unknown names carry a GenericPayload. */
  static Class<?> expectedPayload(String eventType) {
    return switch (eventType) {
      case "posted", "post_edited", "post_deleted", "polled_post" -> PostPayload.class;
      case "reaction_added", "reaction_removed" -> ReactionPayload.class;
      case "polled_reactions" -> ReactionSnapshotPayload.class;
      case "status_change" -> StatusPayload.class;
      case "user_added", "user_removed" -> MembershipPayload.class;
      case "typing" -> TypingPayload.class;
      case "channel_created", "channel_updated", "channel_deleted", "direct_added", "group_added" ->
          ChannelPayload.class;
      default -> GenericPayload.class;
    };
  }

  private static Optional<String> post(String eventType, Post p) {
    if (blank(p.getId())) {
      return Optional.of(eventType + ": post without id");
    }
    if (blank(p.getChannelId())) {
      return Optional.of(eventType + ": post " + p.getId() + " without channel_id");
    }
    if ("post_edited".equals(eventType) && p.getEditAt() <= 0) {
      // the edit's identity is its edit_at; without it a WS copy and a polled copy could never agree
      return Optional.of("post_edited: post " + p.getId() + " without edit_at");
    }
    return Optional.empty();
  }

  private static Optional<String> reaction(Reaction r, String snapshotPostId) {
    if (blank(r.getPostId()) || blank(r.getUserId()) || blank(r.getEmojiName())) {
      return Optional.of("reaction without post_id, user_id or emoji_name");
    }
    if (snapshotPostId != null && !snapshotPostId.equals(r.getPostId())) {
      return Optional.of("reaction snapshot of post " + snapshotPostId + " holds a reaction of post "
          + r.getPostId());
    }
    return Optional.empty();
  }

  private static Optional<String> snapshot(ReactionSnapshotPayload s) {
    if (blank(s.getPostId())) {
      return Optional.of("polled_reactions without post_id");
    }
    for (Reaction r : s.getReactions()) {
      Optional<String> p = reaction(r, s.getPostId());
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
