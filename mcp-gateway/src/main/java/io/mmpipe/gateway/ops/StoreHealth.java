package io.mmpipe.gateway.ops;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the operation store is worth asking: after a failure it is left alone for a few seconds (every save and
 * lookup would otherwise wait on an unreachable Redis), and the outage and the recovery are each logged once.
 */
final class StoreHealth {

  private static final Duration BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(Operations.class);
  /** False for {@link OperationStore#NONE}: no Redis configured is not an outage worth a warning. */
  private final boolean configured;
  private volatile long downUntil;
  private volatile boolean degraded;

  StoreHealth(boolean configured) {
    this.configured = configured;
  }

  /** False for a few seconds after a failure. */
  boolean available() {
    long until = downUntil;
    return until == 0 || System.nanoTime() - until >= 0;
  }

  /** True while the store is unreachable (always without a configured store). */
  boolean degraded() {
    return degraded;
  }

  /** A call to the store failed: leave it alone for a while. */
  void down(OperationStore.Unavailable e) {
    downUntil = System.nanoTime() + BACKOFF.toNanos();
    if (!degraded && configured) {
      log.warn("operation store (Redis) unreachable ({}): operations run on and are known to this instance only; "
          + "other instances cannot see, watch or cancel them, and results are readable here only", e.getMessage());
    }
    degraded = true;
  }

  /** A call to the store succeeded. */
  void up() {
    if (degraded) {
      degraded = false;
      log.info("operation store (Redis) reachable again: operations are shared between instances again");
    }
  }
}
