package io.mmpipe.ingestor.publish;

import io.mmpipe.ingestor.mapping.KeyedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A publisher for unit tests: records what it took, and behaves like Kafka gone away when told to — refusing every
 * record (as after {@code delivery.timeout.ms}) or reporting itself unavailable.
 */
public final class RecordingPublisher implements Publisher {

  public final List<KeyedEvent> out = new CopyOnWriteArrayList<>();
  public volatile boolean up = true;
  public volatile boolean refusing;

  @Override
  public CompletableFuture<Void> send(KeyedEvent e) {
    if (refusing) {
      return CompletableFuture.failedFuture(new IllegalStateException("delivery timed out"));
    }
    out.add(e);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> trySend(KeyedEvent e) {
    return send(e);
  }

  @Override
  public boolean available() {
    return up;
  }
}
