package io.mmpipe.streams.updates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.MembershipPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.StatusPayload;
import io.mmpipe.schemas.avro.TypingPayload;
import java.util.List;

/**
 * Stateless updates: status, membership, typing, and the ingestor's catch-up gaps ({@link GapUpdates}). Their ids carry
 * the observation time (docs/contracts.md), so only exact repeats of one observation collapse. Channel events and
 * unknown events produce no update (no resource carries them yet); they still count in the records-in metric.
 */
public final class OtherUpdates {

  private OtherUpdates() {}

  public static List<Candidate> derive(String key, RawEvent e) {
    long at = e.getObservedAt();
    return switch (e.getPayload()) {
      case StatusPayload s -> List.of(Updates.update("status_" + s.getUserId() + "_" + s.getStatus() + "_" + at,
          Updates.USER_STATUS, "status_changed",
          Updates.tree(() -> Updates.object().put("user_id", s.getUserId()).put("status", s.getStatus())), at,
          null, null,
          s.getUserId(), e));
      case MembershipPayload m -> {
        String channel = first(m.getChannelId(), e.getChannelId(), key);
        String team = first(m.getTeamId(), e.getTeamId(), "");
        String change = "user_added".equals(e.getEventType()) ? "added" : "removed";
        yield List.of(Updates.update("member_" + channel + "_" + m.getUserId() + "_" + change + "_" + at,
            Updates.CHANNEL_MEMBERSHIP, "member_" + change, Updates.tree(() -> {
              ObjectNode d = Updates.object().put("user_id", m.getUserId()).put("channel_id", channel)
                  .put("team_id", team);
              if (m.getActorId() != null) {
                d.put("actor_id", m.getActorId());
              }
              return d;
            }), at, channel, team, m.getUserId(), e));
      }
      case TypingPayload t -> {
        String channel = first(e.getChannelId(), key, "");
        yield List.of(Updates.update("typing_" + channel + "_" + t.getUserId() + "_" + at, Updates.TYPING,
            "typing", Updates.tree(() -> Updates.object().put("user_id", t.getUserId()).put("channel_id", channel)
                .put("parent_id", t.getParentId() == null ? "" : t.getParentId())),
            at, channel, e.getTeamId(), t.getUserId(), e));
      }
      case GenericPayload ignored when "gap".equals(e.getEventType()) -> GapUpdates.derive(e);
      default -> List.of();
    };
  }

  private static String first(String a, String b, String c) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b != null && !b.isEmpty() ? b : c;
  }
}
