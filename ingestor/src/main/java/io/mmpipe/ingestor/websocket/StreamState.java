package io.mmpipe.ingestor.websocket;

/** The WebSocket's state as health reports it; PAUSED: not reading because Kafka cannot take more. */
public enum StreamState {
  CONNECTING, CONNECTED, RECONNECTING, PAUSED, FAILED, CLOSED
}
