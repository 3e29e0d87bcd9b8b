package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.ops.OperationEvent;
import io.mmpipe.gateway.ops.OperationState;
import io.mmpipe.gateway.ops.Operations;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code subscribe} with {@code operation_id}: one operation's events, wherever it runs ({@link Operations#watch}),
 * sent on the connection by a virtual thread of its own until {@code completed} or {@code error}, which end the
 * subscription. The watch is registered before the state is read, so no event falls between them; an operation that
 * has already ended is answered with its state and its final event once, and nothing is kept running.
 */
final class OperationWatch implements AutoCloseable {

  /** Events waiting for a slow client; an operation sends a few dozen, so more means the client stopped reading. */
  static final int MAX_PENDING = 256;
  private static final Logger log = LoggerFactory.getLogger(OperationWatch.class);

  private final String subscriptionId;
  private final WsConnection conn;
  private final AutoCloseable handle;
  private final Pending pending = new Pending(MAX_PENDING);
  private volatile boolean closed;
  private Thread thread;

  private OperationWatch(String subscriptionId, WsConnection conn, Operations ops, String operationId) {
    this.subscriptionId = subscriptionId;
    this.conn = conn;
    try {
      this.handle = ops.watch(operationId, pending);
    } catch (IllegalStateException e) { // the instance's bound on watchers
      throw new CommandException("too_many_subscriptions", e.getMessage());
    }
  }

  /** Answers the command ({@code subscribed} with the state) and, while the operation runs, keeps watching it. */
  static void start(Operations ops, WsConnection conn, Command cmd, String operationId,
                    Function<String, OperationState> find) throws InterruptedException {
    String id = conn.newSubscriptionId(); // checks the connection's limit: a watch is a subscription
    OperationWatch w = new OperationWatch(id, conn, ops, operationId);
    OperationState state;
    try {
      state = find.apply(operationId);
    } catch (RuntimeException e) {
      w.release();
      throw e;
    }
    ObjectNode answer = WsOperations.answer(cmd, "subscribed", state).put("subscription_id", id)
        .put("operation_id", operationId);
    if (state.terminal()) {
      w.release();
      if (conn.send(answer)) {
        conn.send(finalEvent(state).toJson().put("subscription_id", id));
      }
      return;
    }
    if (!conn.send(answer)) {
      w.release();
      return;
    }
    conn.attach(id, w);
    w.begin();
  }

  /** The event an operation that ended before the subscription would have ended with. */
  static OperationEvent finalEvent(OperationState s) {
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("status", s.status());
    if (s.status().equals("completed")) {
      data.put("result_uri", s.resultUri());
    } else {
      data.put("error", s.error());
    }
    return new OperationEvent(s.operationId(), s.status().equals("completed") ? "completed" : "error",
        s.updatedAt().toEpochMilli(), data);
  }

  private synchronized void begin() {
    if (!closed) {
      thread = Thread.ofVirtual().name("ws-" + conn.clientId() + "-" + subscriptionId).start(this::run);
    }
  }

  private void run() {
    try {
      while (!closed) {
        OperationEvent e = pending.poll(30, TimeUnit.SECONDS);
        if (pending.overflowed()) {
          conn.send(WsMessages.error(null, "overflow", "subscription " + subscriptionId + " fell more than "
              + MAX_PENDING + " events behind; read the state with get_operation").put("subscription_id",
              subscriptionId));
          return;
        }
        if (e == null) {
          continue;
        }
        if (!conn.send(e.toJson().put("subscription_id", subscriptionId)) || e.terminal()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // unsubscribed, or the connection closed
    } catch (RuntimeException e) {
      log.warn("operation subscription {} of WebSocket client {} failed", subscriptionId, conn.clientId(), e);
    } finally {
      release();
      conn.forget(subscriptionId, this);
    }
  }

  private void release() {
    try {
      handle.close();
    } catch (Exception e) {
      log.debug("closing an operation watch: {}", e.toString());
    }
  }

  /**
   * The events the watch has not sent yet, at most {@code capacity}: a client that stops reading cannot make the
   * gateway hold more; past the bound the watch is over (it ends with an {@code overflow} error).
   */
  static final class Pending implements Consumer<OperationEvent> {

    private final BlockingQueue<OperationEvent> queue;
    private volatile boolean overflowed;

    Pending(int capacity) {
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void accept(OperationEvent e) {
      if (!queue.offer(e)) {
        overflowed = true;
      }
    }

    OperationEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
      return queue.poll(timeout, unit);
    }

    boolean overflowed() {
      return overflowed;
    }

    int size() {
      return queue.size();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    } else {
      release();
    }
  }
}
