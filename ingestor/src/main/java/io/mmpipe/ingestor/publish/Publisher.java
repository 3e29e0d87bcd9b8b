package io.mmpipe.ingestor.publish;

import io.mmpipe.ingestor.mapping.KeyedEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Where observations go (Kafka in production). A change counts as taken only when the returned future completed
 * normally: the WebSocket position and the poll cursors move past an observation only then.
 */
public interface Publisher {

  /**
   * Hands an event on, waiting while the bounded in-flight space is full (for pollers, never for the WebSocket's
   * control thread). Fails at once, without waiting, while the publisher is unavailable.
   */
  CompletableFuture<Void> send(KeyedEvent event);

  /** Hands an event on without ever waiting; null when there is no room or the publisher is unavailable. */
  CompletableFuture<Void> trySend(KeyedEvent event);

  /** False from a failed delivery until the destination answers again: sources stop reading meanwhile. */
  boolean available();
}
