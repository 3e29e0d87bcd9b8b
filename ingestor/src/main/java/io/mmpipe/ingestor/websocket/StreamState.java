package io.mmpipe.ingestor.websocket;

/** The WebSocket's state as health reports it. */
public enum StreamState {
  CONNECTING, CONNECTED, RECONNECTING, FAILED, CLOSED
}
