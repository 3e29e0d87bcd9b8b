package io.mmpipe.sim.ws;

/** Where the world sends the events its actions cause. Called under the world's lock, so it must not block. */
@FunctionalInterface
public interface EventSink {
  void publish(WsEvent event);
}
