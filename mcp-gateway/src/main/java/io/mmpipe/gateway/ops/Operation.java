package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One operation running on this instance, as its work sees it: it reports progress, status and log lines through
 * here, and learns here that it was cancelled ({@link #checkCancelled()}, also done by every {@link #progress}).
 * Its state changes only under its monitor; the events are emitted by the work's own thread, so they are in order.
 */
public final class Operation {

  private final Operations owner;
  private final CountDownLatch ended = new CountDownLatch(1);
  private OperationState state;
  private volatile String cancelReason;
  private Thread runner;

  Operation(Operations owner, OperationState initial) {
    this.owner = owner;
    this.state = initial;
  }

  public String id() {
    return state().operationId();
  }

  public synchronized OperationState state() {
    return state;
  }

  /**
   * Reports progress (kept monotonic: a smaller fraction leaves the state's progress where it was).
   *
   * @throws CancellationException when the operation was cancelled, here or on another instance
   */
  public void progress(double fraction, String message, ObjectNode details) {
    checkCancelled();
    OperationState s;
    synchronized (this) {
      state = state.progressed(fraction, message, owner.now());
      s = state;
    }
    owner.save(this, s);
    ObjectNode data = OperationState.JSON.createObjectNode().put("progress", s.progress()).put("message", message);
    if (details != null) {
      data.set("details", details);
    }
    owner.emit(this, "progress", data);
    checkCancelled();
  }

  /** A log line for the watchers ({@code level}: debug, info, warning, error). */
  public void log(String level, String message) {
    owner.emit(this, "log", OperationState.JSON.createObjectNode().put("level", level).put("message", message));
  }

  /** A change of phase for the watchers (the state's status stays running until it ends). */
  public void status(String message) {
    owner.emit(this, "status", OperationState.JSON.createObjectNode().put("status", "running")
        .put("message", message));
  }

  /** @throws CancellationException when the operation was cancelled */
  public void checkCancelled() {
    if (cancelReason != null) {
      throw new CancellationException(cancelReason);
    }
  }

  String cancelReason() {
    return cancelReason;
  }

  /** Asks the work to stop; false when it already ended or was already cancelled. */
  synchronized boolean cancel(String reason) {
    if (cancelReason != null || state.terminal()) {
      return false;
    }
    cancelReason = reason;
    if (runner != null && runner != Thread.currentThread()) {
      runner.interrupt(); // a Mattermost call or a wait in progress ends now rather than at the next page
    }
    return true;
  }

  synchronized void runOn(Thread t) {
    runner = t;
  }

  synchronized OperationState end(String status, String message, String resultUri, String error) {
    runner = null;
    state = state.ended(status, message, resultUri, error, owner.now());
    return state;
  }

  void ended() {
    ended.countDown();
  }

  /** Waits until the operation has ended (its final state saved and its final event emitted). */
  public boolean awaitEnd(Duration d) throws InterruptedException {
    return ended.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
