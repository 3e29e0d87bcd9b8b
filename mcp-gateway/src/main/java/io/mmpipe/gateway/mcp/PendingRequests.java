package io.mmpipe.gateway.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Legacy requests in flight on this instance, so that {@code notifications/cancelled} can stop a long one
 * ({@code wait_for_updates}). Bounded: past {@code max} entries a request simply runs without a cancellation flag.
 * A cancellation that reaches another instance than the request's is sent on over the {@code InstanceBus}; one that
 * finds the request nowhere (already done) is ignored, as the protocol allows.
 */
final class PendingRequests {

  private static final BooleanSupplier NEVER = () -> false;
  private final int max;
  private final Map<String, AtomicBoolean> flags = new ConcurrentHashMap<>();

  PendingRequests(int max) {
    this.max = max;
  }

  /** Registers a request; the returned flag turns true on cancellation. Call {@link #done} in a finally. */
  BooleanSupplier start(String sessionId, String requestId) {
    if (sessionId == null || flags.size() >= max) {
      return NEVER;
    }
    AtomicBoolean f = new AtomicBoolean();
    flags.put(key(sessionId, requestId), f);
    return f::get;
  }

  void done(String sessionId, String requestId) {
    if (sessionId != null) {
      flags.remove(key(sessionId, requestId));
    }
  }

  /** Marks the request cancelled; false when it is not in flight here. */
  boolean cancel(String sessionId, String requestId) {
    AtomicBoolean f = flags.get(key(sessionId, requestId));
    if (f != null) {
      f.set(true);
    }
    return f != null;
  }

  int size() {
    return flags.size();
  }

  private static String key(String sessionId, String requestId) {
    return sessionId + '\n' + requestId;
  }
}
