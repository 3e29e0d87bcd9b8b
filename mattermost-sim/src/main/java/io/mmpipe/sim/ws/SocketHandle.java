package io.mmpipe.sim.ws;

/** The hub's view of one physical socket. */
public interface SocketHandle {

  /** Blocking write of these frames in order (batched into as few TCP writes as possible); false when gone. */
  boolean sendText(java.util.List<String> frames);

  void sendPing();

  /** Closes without a close frame (the TCP connection just ends). */
  void disconnect();

  /** Closes with a close frame. */
  void close(int code, String reason);

  long lastPongNanos();

  /** Restarts the pong deadline (after a silence fault ends). */
  void touchPong();
}
