package io.mmpipe.gateway.ws;

import java.util.function.LongSupplier;

/**
 * A token bucket per connection: {@code burst} commands at once, refilled at {@code perSecond}. A command over the
 * limit is refused. Refusals pile up and drain at the same rate; when {@code floodLimit} have piled up the client is
 * flooding (it keeps sending well above the rate whatever it is told) and is closed. A few numbers of state,
 * whatever the client sends.
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
  private double refused;

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
    double earned = (now - last) * perNano;
    last = now;
    tokens = Math.min(burst, tokens + earned);
    refused = Math.max(0, refused - earned);
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ALLOW;
    }
    refused += 1;
    return refused >= floodLimit ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
