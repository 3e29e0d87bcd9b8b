package io.mmpipe.gateway.stream;

import org.apache.kafka.common.Uuid;

/**
 * A topic's incarnation as a resume token carries it: 32 bits of the topic id Kafka assigns at creation, so a topic
 * deleted and created again under the same name gets another epoch (with odds of a clash of 1 in 2^32).
 */
public final class TopicEpoch {

  private TopicEpoch() {}

  public static int of(Uuid topicId) {
    long mixed = topicId.getMostSignificantBits() ^ topicId.getLeastSignificantBits();
    int epoch = (int) (mixed ^ (mixed >>> 32));
    // 0 means "no epoch" (a version-1 token); a topic id that folds to it takes 1 instead
    return epoch == ResumeToken.NO_EPOCH ? 1 : epoch;
  }
}
