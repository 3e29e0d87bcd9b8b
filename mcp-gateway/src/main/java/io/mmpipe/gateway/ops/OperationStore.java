package io.mmpipe.gateway.ops;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where operations are visible to every gateway instance (Redis): their states, the cancellations asked for on
 * another instance, their results, and their events. Every method but {@link #publish} and {@link #start} throws
 * {@link Unavailable} when the store cannot be reached; {@link Operations} then carries on in memory.
 */
public interface OperationStore extends AutoCloseable {

  /** The store could not be reached. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No shared store (no REDIS_URL): one instance, everything in its memory. */
  OperationStore NONE = new OperationStore() {
    @Override
    public Optional<String> save(OperationState state) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public Optional<OperationState> find(String id) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public List<OperationState> recent(int limit) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public boolean requestCancel(String id, String reason) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public void putResult(String id, String content) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public Optional<String> result(String id) {
      throw new Unavailable("no operation store configured (REDIS_URL is not set)", null);
    }

    @Override
    public boolean publish(OperationEvent event) {
      return false;
    }

    @Override
    public void start(Consumer<OperationEvent> others) {}
  };

  /**
   * Stores the state (and keeps it among the most recent; the oldest beyond the store's limit are forgotten).
   *
   * @return the reason of a cancellation another instance asked for, if any
   */
  Optional<String> save(OperationState state);

  Optional<OperationState> find(String id);

  /** The most recent states, newest first. */
  List<OperationState> recent(int limit);

  /** Asks the instance running the operation to cancel it; false when it is unknown or already ended. */
  boolean requestCancel(String id, String reason);

  void putResult(String id, String content);

  Optional<String> result(String id);

  /** Sends the event to the other instances; false when it could not be sent. Never throws. */
  boolean publish(OperationEvent event);

  /** Starts delivering the other instances' events to {@code others} (once). */
  void start(Consumer<OperationEvent> others);

  @Override
  default void close() {}
}
