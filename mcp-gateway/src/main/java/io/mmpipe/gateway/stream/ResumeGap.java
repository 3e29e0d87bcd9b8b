package io.mmpipe.gateway.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Why a resumed stream does not continue exactly where its token points, what the subscriber lost, and where the
 * stream restarts. Every transport turns it into an explicit {@code reset} event; it is never applied silently.
 *
 * @param cause   what happened to the log
 * @param lost    per partition, the offsets the subscriber will never get from this topic
 * @param restart the next offset per partition from which the stream continues
 */
public record ResumeGap(Cause cause, List<Lost> lost, long[] restart) {

  public ResumeGap {
    lost = List.copyOf(lost);
    restart = restart.clone();
  }

  public enum Cause {
    /** The topic was deleted and created again: the token's offsets belong to a log that no longer exists. */
    TOPIC_RECREATED("topic_recreated", "the topic was deleted and created again since this token was issued: "
        + "updates after the token's position in the old topic are lost; the stream restarts at the beginning of "
        + "the new topic"),
    /** Retention deleted records the subscriber had not read yet. */
    RETENTION("retention", "retention deleted updates this token had not read yet: the lost offsets are listed; "
        + "the stream restarts at the oldest update still held");

    private final String wire;
    private final String message;

    Cause(String wire, String message) {
      this.wire = wire;
      this.message = message;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * Offsets {@code from} (inclusive) to {@code to} (exclusive) of one partition; {@code to} is null when unknown
   * (the old incarnation of a recreated topic).
   */
  public record Lost(int partition, long from, Long to) {}

  /** The reset event's JSON: {@code reason}, {@code message}, {@code lost}, {@code restart}, {@code resume_token}. */
  public ObjectNode json(String token) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("reason", cause.wire).put("message", cause.message);
    ArrayNode l = out.putArray("lost");
    for (Lost x : lost) {
      ObjectNode n = l.addObject().put("partition", x.partition()).put("from", x.from());
      if (x.to() == null) {
        n.putNull("to").putNull("count");
      } else {
        n.put("to", x.to()).put("count", x.to() - x.from());
      }
    }
    ArrayNode r = out.putArray("restart");
    for (int p = 0; p < restart.length; p++) {
      r.addObject().put("partition", p).put("offset", restart[p]);
    }
    return out.put("resume_token", token);
  }
}
