package io.mmpipe.gateway.mcp.session;

import java.util.function.Consumer;

/**
 * Notes between gateway instances about MCP state that lives in one instance's memory: a client's answer to a
 * request another instance asked, a cancellation of a request another instance runs, a subscription another
 * instance's stream must pick up, a task another instance runs. Best effort and unordered across kinds: every note
 * has a fallback (a timeout, the periodic re-read of the session), so a lost one delays, never corrupts.
 */
public interface InstanceBus extends AutoCloseable {

  /**
   * One note.
   *
   * @param kind    what it is about ({@code answer}, {@code cancel}, {@code subscriptions}, {@code task-cancel} …)
   * @param session the legacy session it concerns, or null
   * @param id      the request or task id it concerns, or null
   * @param body    JSON text, or null
   */
  record Note(String kind, String session, String id, String body) {
    public Note {
      if (kind == null || kind.isBlank()) {
        throw new IllegalArgumentException("a note needs a kind");
      }
    }
  }

  /** A gateway without Redis is a single instance: nothing to tell. */
  InstanceBus NONE = new InstanceBus() {
    @Override
    public boolean publish(Note note) {
      return false;
    }

    @Override
    public void start(Consumer<Note> handler) {}
  };

  /** Sends {@code note} to every other instance; false when it could not be sent. Never throws. */
  boolean publish(Note note);

  /** Starts delivering other instances' notes to {@code handler} (once, before serving). */
  void start(Consumer<Note> handler);

  @Override
  default void close() {}
}
