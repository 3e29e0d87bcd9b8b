package io.mmpipe.ingestor.polling;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** One channel's polling position and health; guarded by its lock (a catch-up and a pass never overlap). */
final class ChannelPollState {

  final ReentrantLock lock = new ReentrantLock();
  /** The highest post update_at seen in this channel. */
  long cursor;
  /**
   * "id:update_at" of the rows seen at the cursor's last millisecond. The next query starts 1 ms earlier so a post
   * written in the same millisecond after our read is not missed; these keep the overlap from being re-emitted.
   */
  Set<String> atCursor = new HashSet<>();
  /** A catch-up asked for this channel has not succeeded yet (streaming-only mode retries it every interval). */
  boolean owed;
  int failures;
  long nextAttemptAt;

  ChannelPollState(long cursor) {
    this.cursor = cursor;
  }
}
