package io.mmpipe.gateway.stream;

/**
 * What the resume tokens of one gateway are bound to: the topic's name and the epoch of its incarnation.
 *
 * @param topic the full name of {@code mm.updates}
 * @param epoch the topic's epoch ({@link TopicEpoch}), or {@link ResumeToken#NO_EPOCH} when unknown
 */
public record TokenScope(String topic, int epoch) {

  public String encode(long[] nextOffsets) {
    return ResumeToken.encode(topic, epoch, nextOffsets);
  }

  /** The same token, not memoized: for a position only one subscriber holds (see {@link ResumeToken}). */
  String encodeUnshared(long[] nextOffsets) {
    return ResumeToken.encodeUnshared(topic, epoch, nextOffsets);
  }
}
