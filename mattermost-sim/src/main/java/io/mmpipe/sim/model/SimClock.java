package io.mmpipe.sim.model;

import java.util.function.LongSupplier;

/**
 * Mattermost time in ms that strictly increases on every call, so two changes never share an update_at and a
 * {@code since} query (strictly greater) is exact.
 */
public final class SimClock {

  private final LongSupplier wall;
  private long last;

  public SimClock() {
    this(System::currentTimeMillis);
  }

  public SimClock(LongSupplier wall) {
    this.wall = wall;
  }

  public synchronized long next() {
    long now = wall.getAsLong();
    last = now > last ? now : last + 1;
    return last;
  }

  /** The current time without consuming a tick (for pings and server_time). */
  public synchronized long peek() {
    return Math.max(last, wall.getAsLong());
  }
}
