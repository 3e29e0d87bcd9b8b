package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;

/**
 * One record of {@code mm.updates} as the gateway holds it.
 *
 * @param seq       this instance's sequence number for it (ring position; -1 when read by a catch-up consumer)
 * @param partition Kafka partition
 * @param offset    Kafka offset
 * @param update    the decoded update, or null when the record could not be decoded (it still advances positions)
 * @param json      the subscriber JSON, written once and shared by every subscriber
 * @param reset     null for a record; for a marker the fan-out put in the ring, the range of the log it could not
 *                  read (retention deleted it, or the topic was recreated) and where it continued
 */
public record UpdateEvent(long seq, int partition, long offset, ResourceUpdate update, UpdateJson json,
                          LogReset reset) {

  /** A record of {@code mm.updates}. */
  public UpdateEvent(long seq, int partition, long offset, ResourceUpdate update, UpdateJson json) {
    this(seq, partition, offset, update, json, null);
  }

  /**
   * What the fan-out consumer lost between two records it appended, and the topic's epoch from then on.
   *
   * @param epoch the topic's epoch after the marker ({@link ResumeToken#NO_EPOCH} when unknown)
   */
  public record LogReset(ResumeGap gap, int epoch) {}

  /**
   * A marker, not a record: it sits between the records of the ring like one (partition 0, offset -1, so it moves no
   * position by itself) and tells every live reader that passes it what was lost.
   */
  static UpdateEvent marker(ResumeGap gap, int epoch) {
    return new UpdateEvent(-1, 0, -1, null, null, new LogReset(gap, epoch));
  }

  public boolean decodable() {
    return update != null;
  }
}
