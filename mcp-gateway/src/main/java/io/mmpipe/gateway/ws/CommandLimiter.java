package io.mmpipe.gateway.ws;

import java.util.function.LongSupplier;

/**
 * A token bucket per connection: {@code burst} commands at once, refilled at {@code perSecond}. A command over the
 * limit is refused; a connection that keeps sending while refused ({@code floodLimit} refusals in a row) is a flood
 * and is closed. Three numbers of state, whatever the client sends.
 */
final class CommandLimiter {

  /** What to do with one command. */
  enum Verdict { ALLOW, REFUSE, CLOSE }

  private final double burst;
  private final double perNano;
  private final int floodLimit;
  private final LongSupplier nanos;
  private double tokens;
  private long last;
  private int refusedInRow;

  CommandLimiter(int burst, double perSecond, int floodLimit, LongSupplier nanos) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.floodLimit = floodLimit;
    this.nanos = nanos;
    this.tokens = burst;
    this.last = nanos.getAsLong();
  }

  synchronized Verdict take() {
    long now = nanos.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      refusedInRow = 0;
      return Verdict.ALLOW;
    }
    refusedInRow++;
    return refusedInRow >= floodLimit ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
