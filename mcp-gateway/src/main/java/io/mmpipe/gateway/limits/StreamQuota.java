package io.mmpipe.gateway.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent long-lived streams (SSE, WebSocket, MCP GET and listen) per principal. A key is kept only while it
 * holds a stream, so the map is bounded by the open streams, which the global connection limit bounds.
 */
public final class StreamQuota {

  private final int perKey;
  private final Map<String, Integer> held = new HashMap<>();

  public StreamQuota(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("perKey must be positive");
    }
    this.perKey = perKey;
  }

  /** A stream's hold on the quota; closing it (once or more) gives the slot back. */
  public final class Permit implements AutoCloseable {
    private final String key;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Permit(String key) {
      this.key = key;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        release(key);
      }
    }
  }

  /** A permit, or null when {@code key} already holds its maximum of streams. */
  public synchronized Permit tryAcquire(String key) {
    int n = held.getOrDefault(key, 0);
    if (n >= perKey) {
      return null;
    }
    held.put(key, n + 1);
    return new Permit(key);
  }

  private synchronized void release(String key) {
    held.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  public int perKey() {
    return perKey;
  }

  /** How many keys hold a stream now. */
  public synchronized int keys() {
    return held.size();
  }
}
