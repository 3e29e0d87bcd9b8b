package io.mmpipe.sim.ws;

/** Where the world sends the events its actions cause. Called under the world's lock, so it must not block. */
@FunctionalInterface
public interface EventSink {
  void publish(WsEvent event);

  /**
   * Whether an event routed to this user alone could reach anyone: a connection of theirs, open or resumable. When
   * not, the world need not build it (a {@code thread_updated} per follower costs a thread walk and its JSON).
   */
  default boolean reaches(String userId) {
    return true;
  }
}
