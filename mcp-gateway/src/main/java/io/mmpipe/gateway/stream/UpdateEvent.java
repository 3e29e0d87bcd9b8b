package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;

/**
 * One record of {@code mm.updates} as the gateway holds it.
 *
 * @param seq       this instance's sequence number for it (ring position; -1 when read by a catch-up consumer)
 * @param partition Kafka partition
 * @param offset    Kafka offset
 * @param update    the decoded update, or null when the record could not be decoded (it still advances positions)
 * @param json      the subscriber JSON ({@code ResourceUpdateJson}), written once and shared by every subscriber
 */
public record UpdateEvent(long seq, int partition, long offset, ResourceUpdate update, String json) {

  public boolean decodable() {
    return update != null;
  }
}
