package io.mmpipe.gateway.stream;

import java.time.Duration;
import java.util.List;

/** Opens readers that replay {@code mm.updates} from given positions, for subscribers the ring no longer covers. */
public interface CatchUpSource {

  /** A reader positioned at {@code positions} (next offset per partition). */
  CatchUp open(long[] positions);

  /** A replaying reader; owned by one subscriber. */
  interface CatchUp extends AutoCloseable {

    /** The next records in offset order per partition (may be empty). */
    List<UpdateEvent> poll(Duration timeout);

    /**
     * Records the last poll could not return because they left the log while this reader read (retention, or the
     * topic recreated), and where the reader went on; null when nothing was lost. Taking it clears it.
     */
    default ResumeGap takeGap() {
      return null;
    }

    /**
     * The reader's next offset in {@code partition}, or -1 when unknown. Every record below it has been returned by
     * {@link #poll}; it can be past the last of them (transaction markers, aborted records), which lets a subscriber
     * at the end of an idle partition count as caught up.
     */
    default long position(int partition) {
      return -1;
    }

    @Override
    void close();
  }
}
