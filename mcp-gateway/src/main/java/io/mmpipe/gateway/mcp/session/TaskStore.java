package io.mmpipe.gateway.mcp.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Where MCP tasks are visible to every instance. A task runs on the instance that created it and lives in its memory;
 * each change of state is copied here so that {@code tasks/get} and {@code tasks/cancel} work on any instance. The
 * copy expires with the task; an instance creates a task only while it holds fewer than its maximum, so the store
 * never holds more than the instances' maximums together.
 */
public interface TaskStore extends AutoCloseable {

  /** No shared store (no Redis): each instance sees its own tasks only. */
  TaskStore NONE = new TaskStore() {
    @Override
    public boolean save(String id, String status, String json, Duration ttl) {
      return true;
    }

    @Override
    public Optional<String> find(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<String> cancel(String id, String at) {
      return Optional.empty();
    }
  };

  /**
   * Stores the task's current view (the {@code tasks/get} result) for {@code ttl}.
   *
   * @return false when another instance cancelled the task meanwhile (the caller cancels it: cancellation wins)
   * @throws SessionStore.Unavailable when the store cannot be reached
   */
  boolean save(String id, String status, String json, Duration ttl);

  /** The task's last stored view, or empty when unknown or expired. */
  Optional<String> find(String id);

  /**
   * Marks the task cancelled unless it already ended ({@code at}: the time of the change, ISO-8601).
   *
   * @return the view after the change, or empty when the task is unknown
   */
  Optional<String> cancel(String id, String at);

  @Override
  default void close() {}
}
