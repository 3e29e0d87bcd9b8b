package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.events.MattermostEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The stream's side of backpressure, owned by the control thread: frames queued from the socket are bounded (the
 * reader waits for a permit), events handed on and not yet acknowledged are bounded ({@link PendingAcks}), and when
 * either the listener has no room or Kafka failed an event, the stream pauses until every event is settled and the
 * listener is available again.
 */
final class Intake {

  private final StreamListener listener;
  private final Consumer<Signal> signals;
  private final Semaphore framePermits;
  private final PendingAcks pending;
  private final AtomicBoolean ackSignalled = new AtomicBoolean();
  // counted apart from the permits, so what the bound holds is measured rather than assumed
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private final AtomicInteger peakQueuedFrames = new AtomicInteger();
  private String pausedFor; // null while reading

  Intake(StreamSettings settings, StreamListener listener, Consumer<Signal> signals) {
    this.listener = listener;
    this.signals = signals;
    this.framePermits = new Semaphore(settings.maxQueuedFrames());
    this.pending = new PendingAcks(settings.maxUnacked());
  }

  /**
   * Called by a connection's reader before it queues a frame: waits while {@code maxQueuedFrames} frames are queued,
   * so the reader stops reading the socket and TCP pushes back on the server instead of frames piling up here.
   */
  void awaitFrameRoom() throws InterruptedException {
    framePermits.acquire();
    peakQueuedFrames.accumulateAndGet(queuedFrames.incrementAndGet(), Math::max);
  }

  /** The control thread handled a frame: its slot is free. */
  void frameHandled() {
    queuedFrames.decrementAndGet();
    framePermits.release();
  }

  /** Frames read from the socket and not yet handled by the control thread. */
  int queuedFrames() {
    return queuedFrames.get();
  }

  /** The most frames ever queued at once. */
  int peakQueuedFrames() {
    return peakQueuedFrames.get();
  }

  /** Stopping: a reader waiting for room must get through to the close handshake. */
  void releaseReaders() {
    framePermits.release(1_000_000);
  }

  /** A hello: a new seq space. */
  void restart(long seq) {
    pending.restart(seq);
  }

  /**
   * Hands an event on.
   *
   * @return null when it was handed on, else why the stream must pause (the event was not handed on)
   */
  String handOn(long seq, MattermostEvent ev, String connectionId, long observedAt) {
    if (pending.full()) {
      return "more than " + pending.limit() + " events wait for Kafka's acknowledgement";
    }
    CompletableFuture<Void> taken = listener.event(ev, connectionId, observedAt);
    if (taken == null) {
      return "Kafka cannot take events now";
    }
    pending.add(seq, taken);
    if (taken.isDone()) {
      pending.drain();
    } else {
      taken.whenComplete((v, e) -> {
        // coalesced: one Acked signal in the queue at a time, however many events complete
        if (ackSignalled.compareAndSet(false, true)) {
          signals.accept(new Signal.Acked());
        }
      });
    }
    return null;
  }

  /** @return why the stream must pause (Kafka failed an event), or null */
  String acked() {
    ackSignalled.set(false);
    pending.drain();
    return pending.failure() != null && pausedFor == null ? "Kafka did not take an event: " + pending.failure()
        : null;
  }

  boolean paused() {
    return pausedFor != null;
  }

  String pausedFor() {
    return pausedFor;
  }

  /** @return false when already paused */
  boolean pause(String reason) {
    if (pausedFor != null) {
      return false;
    }
    pausedFor = reason;
    return true;
  }

  /**
   * Ends a pause once every event handed on is settled and the listener can take events again.
   *
   * @param lastSeq the last seq handed on
   * @return the seq to resume after (the last acknowledged one when Kafka failed an event), or -2 when not ready
   */
  long resume(long lastSeq) {
    pending.drain();
    if (!pending.settled() || !listener.available()) {
      return -2;
    }
    long from = lastSeq;
    if (pending.failure() != null) {
      from = Math.min(lastSeq, pending.acked());
      pending.forgetFailure();
    }
    pausedFor = null;
    return from;
  }
}
