package io.mmpipe.ingestor.it;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.sim.SimChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks raw events against the simulator's change log: every change observed at least once (over the WebSocket
 * or by polling), and no WebSocket copy twice.
 */
final class Delivery {

  private Delivery() {}

  /** The changes that no raw event accounts for (empty = lossless). */
  static List<SimChange> missing(List<SimChange> changes, List<RawEvent> raw) {
    Map<String, String> rootOf = new HashMap<>();
    for (RawEvent e : raw) {
      if (e.getPayload() instanceof PostPayload p && !p.getPost().getRootId().isEmpty()) {
        rootOf.put(p.getPost().getId(), p.getPost().getRootId());
      }
    }
    // index by post id: a load run compares tens of thousands of changes with tens of thousands of events
    Map<String, List<RawEvent>> byPost = new HashMap<>();
    for (RawEvent e : raw) {
      String id = e.getPayload() instanceof PostPayload p ? p.getPost().getId()
          : e.getPayload() instanceof ReactionPayload r ? r.getReaction().getPostId()
          : e.getPayload() instanceof ReactionSnapshotPayload s ? s.getPostId() : null;
      if (id != null) {
        byPost.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
      }
    }
    List<SimChange> out = new ArrayList<>();
    for (SimChange c : changes) {
      if (!observed(c, byPost.getOrDefault(c.postId(), List.of()))
          && !deletedWithItsRoot(c, rootOf, byPost)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Mattermost sends ONE post_deleted, for the root, when a thread is deleted; the processor then deletes every
   * reply it knows (contracts.md). A reply's deletion is therefore delivered when its root's deletion is.
   */
  private static boolean deletedWithItsRoot(SimChange c, Map<String, String> rootOf,
      Map<String, List<RawEvent>> byPost) {
    String root = rootOf.get(c.postId());
    return "post_deleted".equals(c.kind()) && root != null
        && observed(new SimChange("post_deleted", root, c.channelId(), c.userId(), null, c.at()),
            byPost.getOrDefault(root, List.of()));
  }

  static boolean observed(SimChange c, List<RawEvent> raw) {
    for (RawEvent e : raw) {
      boolean hit = switch (c.kind()) {
        case "post_created", "reply_created" -> post(e, c.postId()) != null
            && ("posted".equals(e.getEventType()) || "polled_post".equals(e.getEventType()));
        case "post_edited" -> {
          Post p = post(e, c.postId());
          yield p != null && ("post_edited".equals(e.getEventType()) || "polled_post".equals(e.getEventType()))
              && p.getEditAt() >= c.at();
        }
        case "post_deleted" -> {
          Post p = post(e, c.postId());
          yield p != null && ("post_deleted".equals(e.getEventType())
              || ("polled_post".equals(e.getEventType()) && p.getDeleteAt() > 0));
        }
        case "reaction_added", "reaction_removed" -> reaction(c, e);
        default -> throw new IllegalArgumentException("unknown change kind " + c.kind());
      };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  private static boolean reaction(SimChange c, RawEvent e) {
    if (e.getPayload() instanceof ReactionPayload rp && c.kind().equals(e.getEventType())) {
      Reaction r = rp.getReaction();
      return r.getPostId().equals(c.postId()) && r.getUserId().equals(c.userId())
          && r.getEmojiName().equals(c.emojiName());
    }
    // a snapshot taken at or after the change reflects it (the processor diffs snapshots by state)
    if (e.getPayload() instanceof ReactionSnapshotPayload s && s.getPostId().equals(c.postId())) {
      return s.getPostUpdateAt() >= c.at();
    }
    return false;
  }

  private static Post post(RawEvent e, String id) {
    return e.getPayload() instanceof PostPayload p && p.getPost().getId().equals(id) ? p.getPost() : null;
  }

  /** WebSocket events seen more than once under the same (connection, seq): must be none. */
  static Map<String, Integer> duplicateWebSocketCopies(List<RawEvent> raw) {
    Map<String, Integer> n = new HashMap<>();
    for (RawEvent e : raw) {
      if (e.getSource() == Source.WEBSOCKET) {
        n.merge(e.getConnectionId() + "#" + e.getSeq(), 1, Integer::sum);
      }
    }
    n.values().removeIf(v -> v == 1);
    return n;
  }

  /** Posts announced as created more than once over the WebSocket: must be none. */
  static Map<String, Integer> postsCreatedTwiceOverWebSocket(List<RawEvent> raw) {
    Map<String, Integer> n = new HashMap<>();
    for (RawEvent e : raw) {
      if (e.getSource() == Source.WEBSOCKET && "posted".equals(e.getEventType())
          && e.getPayload() instanceof PostPayload p) {
        n.merge(p.getPost().getId(), 1, Integer::sum);
      }
    }
    n.values().removeIf(v -> v == 1);
    return n;
  }
}
