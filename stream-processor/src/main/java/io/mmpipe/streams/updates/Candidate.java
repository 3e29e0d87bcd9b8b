package io.mmpipe.streams.updates;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.function.Supplier;

/**
 * An update a deriving processor proposes, not yet encoded. Most input arrives twice (WebSocket + polling copy), so
 * half of all candidates are duplicates: the dedupe stage decides on the id alone and only then pays for the JSON
 * body and the Avro record ({@link #build()}). Candidates pass between processors of one task in memory, never
 * through a topic, so they need no serde.
 *
 * @param eventId    the update's identity (docs/contracts.md)
 * @param updateType for metrics, known without building
 * @param observedAt the source event's observation time, for the latency metric
 */
public record Candidate(String eventId, String updateType, long observedAt, Supplier<ResourceUpdate> encoder) {

  /** Encodes the update; throws IllegalArgumentException on input that cannot be encoded (bad props_json). */
  public ResourceUpdate build() {
    return encoder.get();
  }
}
