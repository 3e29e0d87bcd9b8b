package io.mmpipe.gateway.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.security.Principal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-running tool calls as operations with ids: the facade the MCP tools, {@code /v1/operations}, the WebSocket
 * and the dashboard use. An operation runs on the instance that started it (a virtual thread); its state is saved in
 * the {@link OperationStore} (Redis) at every change, so {@link #get} and {@link #recent} answer on any instance and
 * {@link #cancel} works from any instance (the runner reads the cancellation at its next save, i.e. its next page);
 * its events go to the watchers here at once and to the other instances' watchers through the store's channel.
 *
 * <p>Redis down (or not configured): operations still run, report progress to watchers on this instance and end
 * normally, but only this instance knows them (the last {@code keep} states and a few results in its memory):
 * another instance neither sees, watches nor cancels them, and their results are readable here only. The first
 * failure is logged as a warning, the recovery as info; the store is retried every few seconds.
 */
public final class Operations implements AutoCloseable {

  /**
   * @param keep           operations remembered (Redis: the newest; memory: the same bound)
   * @param ttl            how long a state and its result stay in Redis after the last change
   * @param maxResultBytes the largest result kept; a larger one ends the operation in error
   * @param maxRunning     operations running at once on this instance
   * @param maxWatchers    watchers at once on this instance
   */
  public record Settings(int keep, Duration ttl, int maxResultBytes, int maxRunning, int maxWatchers) {
    public Settings {
      if (keep < 1 || maxResultBytes < 1 || maxRunning < 1 || maxWatchers < 1 || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("operation limits must be positive");
      }
    }

    public static Settings defaults() {
      return new Settings(1000, Duration.ofHours(24), 16 * 1024 * 1024, 16, 10_000);
    }
  }

  /** What an operation does; its answer becomes the operation's result resource (null: no result). */
  @FunctionalInterface
  public interface Work {
    Result run(Operation op) throws Exception;
  }

  /** A result: its text, its mime type and a summary for the {@code result} event (may be null). */
  public record Result(String content, String mimeType, ObjectNode summary) {}

  /** A failure the work words for the client (the message is shown as is). */
  public static final class Failed extends Exception {
    public Failed(String message) {
      super(message);
    }
  }

  public static final String URI_PREFIX = "mmpipe://operations/";
  /** Results kept in memory while Redis is away (each at most maxResultBytes). */
  static final int LOCAL_RESULTS = 8;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger log = LoggerFactory.getLogger(Operations.class);

  private final OperationLedger ledger;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Operation> running = new ConcurrentHashMap<>();
  private final OperationWatchers watchers;

  public Operations(OperationStore store, Settings settings, Clock clock) {
    this.ledger = new OperationLedger(store, settings.keep());
    this.settings = settings;
    this.clock = clock;
    this.watchers = new OperationWatchers(settings.maxWatchers());
    ledger.start(watchers::deliver);
  }

  public Settings settings() {
    return settings;
  }

  public static boolean wellFormed(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public static String resultUri(String id) {
    return URI_PREFIX + id + "/result";
  }

  /**
   * Starts {@code work} as an operation of {@code tool}; {@code listener} (may be null) watches it from before its
   * first event until it ends.
   *
   * @throws IllegalStateException when this instance already runs its maximum
   */
  public Operation start(String tool, String message, Work work, Consumer<OperationEvent> listener) {
    return start(tool, message, null, null, work, listener);
  }

  /**
   * As {@link #start(String, String, Work, Consumer)}, for {@code owner} reading {@code channelId}: only the owner
   * and principals that see every channel are shown the operation ({@link OperationOwner#mayAccess}).
   */
  public Operation start(String tool, String message, Principal owner, String channelId, Work work,
                         Consumer<OperationEvent> listener) {
    if (running.size() >= settings.maxRunning()) {
      throw new IllegalStateException("this gateway instance already runs " + settings.maxRunning()
          + " operations; retry when one has ended");
    }
    Operation op = new Operation(this, OperationState.started(newId(), tool, message,
        owner == null ? null : OperationOwner.of(owner), channelId, now()));
    running.put(op.id(), op);
    AutoCloseable w = listener == null ? () -> { } : watch(op.id(), listener);
    save(op, op.state());
    Thread.ofVirtual().name("operation-" + op.id()).start(() -> {
      try {
        execute(op, work, message);
      } finally {
        close(w);
      }
    });
    return op;
  }

  private void execute(Operation op, Work work, String message) {
    op.runOn(Thread.currentThread());
    long t0 = System.nanoTime();
    try {
      op.status(message);
      Result r = work.run(op);
      op.checkCancelled();
      complete(op, r, t0);
    } catch (Exception e) {
      Thread.interrupted(); // a cancellation's interrupt must not break the final save
      String reason = op.cancelReason();
      if (reason != null || e instanceof CancellationException || e instanceof InterruptedException) {
        fail(op, "cancelled", reason != null ? reason : "interrupted", "cancelled");
      } else if (e instanceof Failed) {
        fail(op, "error", e.getMessage(), "failed");
      } else {
        log.warn("operation {} of {} failed", op.id(), op.state().tool(), e);
        fail(op, "error", "the operation failed unexpectedly; try again later", "internal");
      }
    } finally {
      running.remove(op.id());
      op.ended();
    }
  }

  private void complete(Operation op, Result r, long t0) {
    String uri = null;
    if (r != null) {
      int bytes = r.content().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > settings.maxResultBytes()) {
        fail(op, "error", "the result is " + bytes + " bytes, over the limit of " + settings.maxResultBytes()
            + " bytes; ask for less (since, limit)", "too_large");
        return;
      }
      uri = resultUri(op.id());
      ledger.putResult(op.id(), r);
      ObjectNode data = OperationState.JSON.createObjectNode().put("result_uri", uri).put("mime_type", r.mimeType())
          .put("bytes", bytes);
      if (r.summary() != null) {
        data.setAll(r.summary());
      }
      emit(op, "result", data);
    }
    OperationState s = op.end("completed", "done", uri, null);
    save(op, s);
    emit(op, "completed", OperationState.JSON.createObjectNode().put("status", "completed")
        .put("duration", (System.nanoTime() - t0) / 1e9).put("result_uri", uri));
  }

  private void fail(Operation op, String status, String error, String type) {
    OperationState s = op.end(status, error, null, error);
    save(op, s);
    emit(op, "error", OperationState.JSON.createObjectNode().put("error", error).put("error_type", type)
        .put("status", status));
  }

  /** The operation's state: this instance's while it runs here, else the store's, else what this instance knows. */
  public Optional<OperationState> get(String id) {
    try {
      return lookup(id);
    } catch (OperationStore.Unavailable e) {
      return Optional.ofNullable(ledger.known(id));
    }
  }

  /**
   * As {@link #get}, but says when the answer may be incomplete.
   *
   * @throws OperationStore.Unavailable when the operation is not known here and the configured store is away
   */
  public Optional<OperationState> lookup(String id) {
    if (!wellFormed(id)) {
      return Optional.empty();
    }
    Operation op = running.get(id);
    return op != null ? Optional.of(op.state()) : ledger.find(id);
  }

  /**
   * As {@link #lookup(String)}, for {@code p}: empty when {@code p} may not see the operation, exactly as when it
   * does not exist, so an id tells nothing to someone else.
   */
  public Optional<OperationState> lookup(String id, Principal p) {
    return lookup(id).filter(s -> OperationOwner.mayAccess(p, s));
  }

  /**
   * As {@link #cancel(String, String)}, for {@code p}: false, as for an unknown id, when {@code p} may not see it.
   *
   * @throws OperationStore.Unavailable as {@link #lookup(String)}
   */
  public boolean cancel(String id, String reason, Principal p) {
    return lookup(id, p).isPresent() && cancel(id, reason);
  }

  /** As {@link #recent(int)}, only the operations {@code p} may see. */
  public List<OperationState> recent(int limit, Principal p) {
    if (p.seesEveryChannel()) {
      return recent(limit);
    }
    // the caller's own are among the newest kept: look at all of them, keep the caller's
    return recent(settings.keep()).stream().filter(s -> OperationOwner.mayAccess(p, s))
        .limit(Math.max(1, Math.min(limit, settings.keep()))).toList();
  }

  /** As {@link #result(String)}, for {@code p}: empty when {@code p} may not see the operation. */
  public Optional<Result> result(String id, Principal p) {
    return get(id).filter(s -> OperationOwner.mayAccess(p, s)).flatMap(s -> result(id));
  }

  /** Cancels the operation wherever it runs; false when it is unknown or already ended. */
  public boolean cancel(String id, String reason) {
    if (!wellFormed(id)) {
      return false;
    }
    String why = reason == null || reason.isBlank() ? "cancelled" : reason;
    Operation op = running.get(id);
    if (op != null) {
      return op.cancel(why);
    }
    return ledger.requestCancel(id, why);
  }

  /** Delivers the events of operation {@code id}, wherever it runs, to {@code listener} until closed. */
  public AutoCloseable watch(String id, Consumer<OperationEvent> listener) {
    return watchers.add(id, listener);
  }

  /** The newest operations, newest first (at most {@code keep}). */
  public List<OperationState> recent(int limit) {
    int n = Math.max(1, Math.min(limit, settings.keep()));
    return ledger.recent(n, s -> {
      Operation op = running.get(s.operationId());
      return op != null ? op.state() : s;
    });
  }

  /** The result's text, from the store or (Redis away when it ended) this instance's memory. */
  public Optional<Result> result(String id) {
    if (!wellFormed(id)) {
      return Optional.empty();
    }
    return ledger.result(id);
  }

  /** True while the store is unreachable: operations are then known to this instance only. */
  public boolean degraded() {
    return ledger.degraded();
  }

  Instant now() {
    return clock.instant();
  }

  void save(Operation op, OperationState s) {
    ledger.save(s).ifPresent(op::cancel); // a cancellation asked on another instance
  }

  void emit(Operation op, String type, ObjectNode data) {
    OperationEvent e = new OperationEvent(op.id(), type, clock.millis(), data);
    watchers.deliver(e);
    ledger.publish(e);
  }

  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing a watcher: {}", e.toString());
    }
  }

  @Override
  public void close() {
    List<Operation> ops = List.copyOf(running.values());
    ops.forEach(op -> op.cancel("the gateway is shutting down"));
    for (Operation op : ops) {
      try {
        op.awaitEnd(Duration.ofSeconds(2)); // so that their final state is saved before the store closes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ledger.close();
  }
}
