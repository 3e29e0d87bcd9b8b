package io.mmpipe.sim.faults;

import io.mmpipe.sim.FaultControls;
import io.mmpipe.sim.rest.InjectedRestFailures;
import io.mmpipe.sim.ws.Hub;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes each fault to the part that plays it: WebSocket faults to the hub, REST failures to the
 * {@link InjectedRestFailures} the API gate consumes.
 */
public final class FaultSwitchboard implements FaultControls {

  private final Hub hub;
  private final InjectedRestFailures restFailures;
  private final AtomicReference<String> version;

  public FaultSwitchboard(Hub hub, InjectedRestFailures restFailures, AtomicReference<String> version) {
    this.hub = hub;
    this.restFailures = restFailures;
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
    restFailures.fail(status, count, retryAfter);
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
