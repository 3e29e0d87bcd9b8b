package io.mmpipe.gateway.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many clients each push transport serves right now: one counter per transport, fixed in size. A client holds
 * a {@link Lease} for as long as it is connected; closing the lease (idempotent) counts it out.
 */
public final class ClientCounts {

  /** The push channels, as named in {@code /v1/stats}. */
  public enum Transport {
    SSE, WEBSOCKET, MCP;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One connected client; closing it more than once counts it out once. */
  public final class Lease implements AutoCloseable {
    private final Transport transport;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Lease(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        counts.get(transport).decrementAndGet();
      }
    }
  }

  private final Map<Transport, AtomicInteger> counts = new EnumMap<>(Transport.class);

  public ClientCounts() {
    for (Transport t : Transport.values()) {
      counts.put(t, new AtomicInteger());
    }
  }

  public Lease open(Transport transport) {
    counts.get(transport).incrementAndGet();
    return new Lease(transport);
  }

  public int count(Transport transport) {
    return counts.get(transport).get();
  }

  /** {@code {"sse":n,"websocket":n,"mcp":n}}. */
  public ObjectNode json() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Transport t : Transport.values()) {
      out.put(t.wire(), count(t));
    }
    return out;
  }
}
