package io.mmpipe.devstack.bench;

/**
 * Microseconds since the epoch from one anchor and the monotonic clock: sender and receivers in this JVM share it,
 * so a latency is never distorted by a wall-clock step, and has microsecond resolution.
 */
final class BenchClock {

  private final long anchorMicros = System.currentTimeMillis() * 1000;
  private final long anchorNanos = System.nanoTime();

  long nowMicros() {
    return anchorMicros + (System.nanoTime() - anchorNanos) / 1000;
  }

  long toMicros(long nanoTime) {
    return anchorMicros + (nanoTime - anchorNanos) / 1000;
  }
}
