package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.http.JsonText;
import io.mmpipe.gateway.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client on {@code /ws}: who it is, its subscriptions (at most {@code maxSubscriptions}), its command budget,
 * and the one way to write to it. Writes are serialized and each waits for the client to take it (at most
 * {@code sendTimeout}), so at most one message per connection is in flight: a slow client backs up into its own
 * subscriptions' positions in the shared ring, never into a queue of ours, and it alone waits.
 */
public final class WsConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);

  /** Close codes of this protocol (RFC 6455). */
  static final int GOING_AWAY = 1001;
  static final int POLICY = 1008;
  static final int TRY_AGAIN_LATER = 1013;

  private final String clientId;
  private final CoreSession session;
  private final Principal principal;
  private final int maxSubscriptions;
  private final Duration sendTimeout;
  private final CommandLimiter limiter;
  private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
  private final AtomicInteger nextSubscription = new AtomicInteger();
  private final ReentrantLock sending = new ReentrantLock();
  private volatile boolean closed;

  WsConnection(String clientId, CoreSession session, Principal principal, WsSettings settings) {
    this.clientId = clientId;
    this.session = session;
    this.principal = principal;
    this.maxSubscriptions = settings.maxSubscriptions();
    this.sendTimeout = settings.sendTimeout();
    this.limiter = new CommandLimiter(settings.burst(), settings.perSecond(), settings.floodLimit(),
        System::nanoTime);
  }

  public String clientId() {
    return clientId;
  }

  public Principal principal() {
    return principal;
  }

  CommandLimiter limiter() {
    return limiter;
  }

  /**
   * Writes one message and waits until the client has taken it. False when the connection is gone or the client
   * did not take it within the send timeout (then the connection is dropped: it cannot be told anything anymore).
   */
  public boolean send(ObjectNode message) throws InterruptedException {
    // not toString(): Jackson would keep its buffers in a thread-local of this (long-lived pump) thread
    return send(JsonText.write(message));
  }

  /** {@link #send(ObjectNode)} of a message already written as JSON text. */
  public boolean send(String text) throws InterruptedException {
    sending.lockInterruptibly();
    try {
      if (closed || !session.isOutputOpen()) {
        return false;
      }
      Callback.Completable done = new Callback.Completable();
      session.sendFrame(new Frame(OpCode.TEXT, true, text), done, false);
      done.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      log.debug("WebSocket client {} went away: {}", clientId, e.getCause().toString());
      return false;
    } catch (TimeoutException e) {
      log.info("WebSocket client {} took nothing for {}; dropping it", clientId, sendTimeout);
      session.abort();
      return false;
    } finally {
      sending.unlock();
    }
  }

  /** A ping, not waited for (control frames may go between the frames of a message). */
  void ping() {
    if (!closed && session.isOutputOpen()) {
      session.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
    }
  }

  /** Sends the close frame; the close handler then releases everything. */
  void closeWith(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }

  /** {@link #closeWith(int, String)}, with {@code done} run once the close frame is written or cannot be. */
  void closeWith(int code, String reason, Runnable done) {
    session.close(code, reason, Callback.from(done, failure -> done.run()));
  }

  /** Refuses a new subscription when the connection holds its maximum. */
  public void ensureRoom() {
    if (subscriptions.size() >= maxSubscriptions) {
      throw new CommandException("too_many_subscriptions", "a connection holds at most " + maxSubscriptions
          + " subscriptions; unsubscribe one first");
    }
  }

  /** A fresh subscription id, after checking there is room for one more subscription. */
  public String newSubscriptionId() {
    ensureRoom();
    return "s" + nextSubscription.incrementAndGet();
  }

  /**
   * Keeps a running subscription (an update pump, or later an operation watch) under {@code id}; it is closed on
   * unsubscribe or when the connection ends.
   */
  public void attach(String id, AutoCloseable running) {
    subscriptions.put(id, running);
    if (closed) { // the connection ended meanwhile: nobody else will close it
      detach(id);
    }
  }

  /** Ends a subscription; false when there is none by that id. */
  public boolean detach(String subscriptionId) {
    AutoCloseable s = subscriptions.remove(subscriptionId);
    if (s == null) {
      return false;
    }
    try {
      s.close();
    } catch (Exception e) {
      log.warn("closing subscription {} of {} failed", subscriptionId, clientId, e);
    }
    return true;
  }

  /** Forgets a subscription that ended by itself (its pump stopped). */
  void forget(String subscriptionId, AutoCloseable s) {
    subscriptions.remove(subscriptionId, s);
  }

  int subscriptions() {
    return subscriptions.size();
  }

  @Override
  public void close() {
    closed = true;
    subscriptions.keySet().forEach(this::detach);
  }
}
