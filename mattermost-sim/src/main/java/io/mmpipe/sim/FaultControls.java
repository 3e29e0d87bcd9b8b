package io.mmpipe.sim;

import java.time.Duration;

/**
 * What tests drive to inject faults into the simulator's WebSocket and REST behaviour. Implemented by
 * {@link io.mmpipe.sim.faults.FaultSwitchboard}.
 */
public interface FaultControls {

  /** Abruptly closes every WebSocket (no close frame); the connections stay resumable. */
  void dropConnections();

  /** The server forgets inactive connections: the next resume gets a NEW connection_id and a hello. */
  void forgetConnections();

  /**
   * Stops writing to sockets for {@code d}. Events queue meanwhile; more than 256 queued closes the socket (not
   * resumable), 128 or more queued drops typing and status_change.
   */
  void stall(Duration d);

  /** Sends this text frame to every socket as is (no seq consumed). */
  void sendGarbage(String rawFrame);

  /** The next event of every connection gets a seq 2 higher than expected (a gap the client must detect). */
  void skipSequence();

  /**
   * The next {@code count} REST calls answer {@code status}: 429 as plain text "limit exceeded" with
   * X-Ratelimit-* and Retry-After (seconds); any other status as AppError JSON.
   */
  void failRest(int status, int count, Duration retryAfter);

  /** While on, sockets get nothing and nothing is answered (no pongs, no action replies): a dead socket. */
  void silence(boolean on);

  /** Changes the version announced in hello and X-Version-Id. */
  void newServerVersion(String v);

  int openConnections();

  long eventsSent();
}
