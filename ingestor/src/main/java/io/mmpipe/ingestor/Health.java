package io.mmpipe.ingestor;

import io.mmpipe.mattermost.json.Json;
import java.time.Instant;

/**
 * The ingestor's health.
 *
 * @param status         UP, DEGRADED (one source down, or producer/poll errors) or DOWN (no source works)
 * @param websocket      the WebSocket state (CONNECTED, RECONNECTING, FAILED, ...) or DISABLED
 * @param channels       channels watched
 * @param lastPoll       end of the last poll pass, null if none yet or polling is off
 * @param lastError      the most recent problem, null if none
 * @param producerErrors records Kafka refused since start
 * @param deadLetters    frames sent to the dead-letter topic since start
 * @param kafka          OK, or UNAVAILABLE from a failed delivery until the cluster answers again (status is DOWN
 *                       then: nothing is read from Mattermost meanwhile)
 */
public record Health(Status status, String websocket, int channels, Instant lastPoll, String lastError,
                     long producerErrors, long deadLetters, String kafka) {

  public enum Status { UP, DEGRADED, DOWN }

  /** As JSON for /health. */
  public String toJson() {
    return Json.MAPPER.createObjectNode()
        .put("status", status.name())
        .put("websocket", websocket)
        .put("channels", channels)
        .put("last_poll", lastPoll == null ? null : lastPoll.toString())
        .put("last_error", lastError)
        .put("producer_errors", producerErrors)
        .put("dead_letters", deadLetters)
        .put("kafka", kafka)
        .toString();
  }
}
