package io.mmpipe.ingestor.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.mattermost.json.Json;

/**
 * The {@code ping} action (reference §1), one outstanding at a time: the stream sends one per tick, and a ping still
 * unanswered at the next tick means a dead socket. Owned by the control thread.
 */
final class Pinger {

  private long actionSeq;
  private long outstanding; // 0 when none
  private long sentAtNanos;

  /** A new ping action frame; it is outstanding until {@link #answered} sees its reply. */
  String next() {
    outstanding = ++actionSeq;
    sentAtNanos = System.nanoTime();
    return action(outstanding, "ping");
  }

  /** @return whether this action reply answers the outstanding ping (which is then no longer outstanding) */
  boolean answered(long seqReply) {
    if (outstanding != 0 && seqReply == outstanding) {
      outstanding = 0;
      return true;
    }
    return false;
  }

  /** The seq of the unanswered ping, 0 when none. */
  long outstanding() {
    return outstanding;
  }

  /**
   * Whether the outstanding ping has waited a whole interval. A timer that fell behind fires its missed ticks in a
   * burst, so "still unanswered at the next tick" alone would call a socket dead after a few milliseconds.
   */
  boolean overdue(long intervalMs) {
    return outstanding != 0 && System.nanoTime() - sentAtNanos >= intervalMs * 1_000_000;
  }

  /** A new connection: nothing is outstanding on it. */
  void reset() {
    outstanding = 0;
  }

  /** A WebSocket action frame: {@code {"seq":1,"action":"ping","data":{}}}. */
  static String action(long seq, String action) {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("seq", seq).put("action", action);
    frame.putObject("data");
    return frame.toString();
  }
}
