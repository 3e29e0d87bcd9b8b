package io.mmpipe.gateway.stream;

import java.util.ArrayList;
import java.util.List;

/** Compares a resume token with the log as it is: a recreated topic, or records retention deleted under it. */
final class ResumeCheck {

  private ResumeCheck() {}

  /** The gap between the token and the log, or null when every position the token holds is still in the log. */
  static ResumeGap check(ResumeToken.Position token, LogExtent.Bounds log) {
    long[] pos = token.next();
    // a position past the log end exists only in an older incarnation (how a version-1 token shows a new topic)
    boolean recreated = token.epoch() != ResumeToken.NO_EPOCH && token.epoch() != log.epoch();
    for (int p = 0; p < pos.length && !recreated; p++) {
      recreated = pos[p] > log.end()[p];
    }
    List<ResumeGap.Lost> lost = new ArrayList<>();
    if (recreated) {
      for (int p = 0; p < pos.length; p++) {
        lost.add(new ResumeGap.Lost(p, pos[p], null));
      }
      return new ResumeGap(ResumeGap.Cause.TOPIC_RECREATED, lost, log.start());
    }
    long[] restart = pos.clone();
    for (int p = 0; p < pos.length; p++) {
      if (pos[p] < log.start()[p]) {
        lost.add(new ResumeGap.Lost(p, pos[p], log.start()[p]));
        restart[p] = log.start()[p];
      }
    }
    return lost.isEmpty() ? null : new ResumeGap(ResumeGap.Cause.RETENTION, lost, restart);
  }
}
