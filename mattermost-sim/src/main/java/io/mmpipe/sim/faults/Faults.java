package io.mmpipe.sim.faults;

import io.mmpipe.sim.SimFaults;
import io.mmpipe.sim.rest.RestFaults;
import io.mmpipe.sim.ws.Hub;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The fault switchboard: WebSocket faults go to the hub, REST faults to the API gate. */
public final class Faults implements SimFaults {

  private final Hub hub;
  private final RestFaults rest;
  private final AtomicReference<String> version;

  public Faults(Hub hub, RestFaults rest, AtomicReference<String> version) {
    this.hub = hub;
    this.rest = rest;
    this.version = version;
  }

  @Override
  public void dropConnections() {
    hub.dropAll();
  }

  @Override
  public void forgetConnections() {
    hub.forgetInactive();
  }

  @Override
  public void stall(Duration d) {
    hub.stall(Objects.requireNonNull(d, "d"));
  }

  @Override
  public void sendGarbage(String rawFrame) {
    hub.sendGarbage(Objects.requireNonNull(rawFrame, "rawFrame"));
  }

  @Override
  public void skipSequence() {
    hub.skipSequence();
  }

  @Override
  public void failRest(int status, int count, Duration retryAfter) {
    rest.fail(status, count, retryAfter);
  }

  @Override
  public void silence(boolean on) {
    hub.silence(on);
  }

  @Override
  public void newServerVersion(String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    version.set(v.contains(".") && v.split("\\.").length >= 6 ? v : v + "." + v + ".sim.false");
  }

  @Override
  public int openConnections() {
    return hub.openConnections();
  }

  @Override
  public long eventsSent() {
    return hub.eventsSent();
  }
}
