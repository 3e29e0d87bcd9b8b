package io.mmpipe.gateway.mcp.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Where MCP tasks are visible to every instance. A task runs on the instance that created it and lives in its memory;
 * each change of state is copied here so that {@code tasks/get} and {@code tasks/cancel} work on
 * any instance. Every task has an owner (the principal that created it, as a string the caller chooses), and only the
 * owner finds, lists or cancels it. The copy expires with the task; an owner's index holds at most the number of
 * tasks {@link #claim} allows, so the store never holds more than the instances' and owners' maximums.
 */
public interface TaskStore extends AutoCloseable {

  /** A stored task: its owner and its last view. */
  record Stored(String owner, String json) {}

  /** No shared store (no Redis): each instance sees its own tasks only. */
  TaskStore NONE = new TaskStore() {
    @Override
    public boolean claim(String owner, String id, long expiresAtMillis, long nowMillis, int max) {
      return true;
    }

    @Override
    public boolean save(String id, String owner, String status, String json, Duration ttl) {
      return true;
    }

    @Override
    public Optional<Stored> find(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<String> cancel(String id, String owner, String at) {
      return Optional.empty();
    }
  };

  /**
   * Records a new task in its owner's index, unless the owner already has {@code max} unexpired tasks (on any
   * instance).
   *
   * @return false when the owner is at its maximum (the task must not start)
   * @throws SessionStore.Unavailable when the store cannot be reached
   */
  boolean claim(String owner, String id, long expiresAtMillis, long nowMillis, int max);

  /**
   * Stores the task's current view (the {@code tasks/get} result) for {@code ttl}.
   *
   * @return false when another instance cancelled the task meanwhile (the caller cancels it: cancellation wins)
   * @throws SessionStore.Unavailable when the store cannot be reached
   */
  boolean save(String id, String owner, String status, String json, Duration ttl);

  /** The task's owner and last stored view, or empty when unknown or expired. */
  Optional<Stored> find(String id);

  /**
   * Marks the task cancelled unless it already ended ({@code at}: the time of the change, ISO-8601), when
   * {@code owner} owns it.
   *
   * @return the view after the change, or empty when the task is unknown or another owner's
   */
  Optional<String> cancel(String id, String owner, String at);

  @Override
  default void close() {}
}
