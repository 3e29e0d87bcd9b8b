package io.mmpipe.gateway.stream;

/**
 * Where {@code mm.updates} begins and ends now, and which incarnation of the topic it is: what a resume token is
 * checked against when the live ring cannot vouch for its position.
 */
public interface LogExtent {

  /** Nothing known: tokens carry {@link ResumeToken#NO_EPOCH} and are not checked (unit tests without a log). */
  LogExtent UNKNOWN = new LogExtent() {
    @Override
    public int epoch() {
      return ResumeToken.NO_EPOCH;
    }

    @Override
    public Bounds bounds(int partitions) {
      return null;
    }
  };

  /** The epoch that tokens issued by this instance carry (the topic's incarnation when last learned). */
  int epoch();

  /**
   * Learns the topic's incarnation again (the fan-out asks when it replaces its consumer: the topic may have been
   * recreated meanwhile); from then on {@link #epoch()} answers it.
   */
  default int refreshEpoch() {
    return epoch();
  }

  /** The topic as it is now, or null when this extent cannot tell. */
  Bounds bounds(int partitions);

  /**
   * Per partition, the offset of the first record with a timestamp at or after {@code epochMillis} (the log end when
   * there is none), or null when this extent cannot tell.
   */
  default long[] offsetsAt(long epochMillis, int partitions) {
    return null;
  }

  /**
   * @param epoch the topic's current incarnation ({@link TopicEpoch})
   * @param start the first offset still held, per partition (retention moves it up)
   * @param end   the next offset to be written, per partition
   */
  record Bounds(int epoch, long[] start, long[] end) {}
}
