package io.mmpipe.ingestor.websocket;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The events handed on and not yet acknowledged by Kafka, in seq order, and the highest seq up to which every event
 * was acknowledged: the only position a resume may start after. Owned by the control thread; bounded by
 * {@code limit} (the stream pauses reading when it is full).
 */
final class PendingAcks {

  private record Pending(long seq, CompletableFuture<?> done) {}

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final int limit;
  private long acked = -1;
  private Throwable failure;

  PendingAcks(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
  }

  /** A new seq space (a hello): nothing earlier matters for positions any more. */
  void restart(long seq) {
    queue.clear();
    acked = seq;
    failure = null;
  }

  void add(long seq, CompletableFuture<?> done) {
    queue.add(new Pending(seq, done));
  }

  int limit() {
    return limit;
  }

  boolean full() {
    return queue.size() >= limit;
  }

  int size() {
    return queue.size();
  }

  /** Takes the settled events off the head; after the first failure the acknowledged position stops moving. */
  void drain() {
    while (!queue.isEmpty() && queue.peek().done().isDone()) {
      Pending p = queue.poll();
      if (p.done().isCompletedExceptionally()) {
        if (failure == null) {
          failure = p.done().handle((v, e) -> e).join();
        }
      } else if (failure == null) {
        acked = p.seq();
      }
    }
  }

  /** Every event handed on has been acknowledged or has failed. */
  boolean settled() {
    return queue.isEmpty();
  }

  long acked() {
    return acked;
  }

  /** The first delivery failure since the last {@link #restart}/{@link #forgetFailure}, or null. */
  Throwable failure() {
    return failure;
  }

  void forgetFailure() {
    failure = null;
  }
}
