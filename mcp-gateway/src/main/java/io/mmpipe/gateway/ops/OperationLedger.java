package io.mmpipe.gateway.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where operations' states and results are kept for every instance: the {@link OperationStore} (Redis) while it
 * answers, and this instance's memory (the last {@code keep} states, a few results) for when it does not. The
 * running operations themselves, and who may see them, are {@link Operations}' business.
 */
final class OperationLedger implements AutoCloseable {

  private final OperationStore store;
  private final StoreHealth health;
  private final Bounded<OperationState> known;
  private final Bounded<Operations.Result> localResults = new Bounded<>(Operations.LOCAL_RESULTS);

  OperationLedger(OperationStore store, int keep) {
    this.store = store;
    this.health = new StoreHealth(store != OperationStore.NONE);
    this.known = new Bounded<>(keep);
  }

  /** Starts delivering the events other instances publish to {@code events}. */
  void start(Consumer<OperationEvent> events) {
    store.start(events);
  }

  boolean degraded() {
    return health.degraded();
  }

  /** Keeps {@code s}; answers the cancellation reason when another instance asked to cancel the operation. */
  Optional<String> save(OperationState s) {
    known.put(s.operationId(), s);
    if (!health.available()) {
      return Optional.empty();
    }
    try {
      Optional<String> cancel = store.save(s);
      health.up();
      return cancel;
    } catch (OperationStore.Unavailable e) {
      health.down(e);
      return Optional.empty();
    }
  }

  /** Hands {@code e} to the other instances' watchers (not this instance's). */
  void publish(OperationEvent e) {
    if (health.available()) {
      store.publish(e);
    }
  }

  void putResult(String id, Operations.Result r) {
    if (health.available()) {
      try {
        store.putResult(id, r.content());
        return;
      } catch (OperationStore.Unavailable e) {
        health.down(e);
      }
    }
    localResults.put(id, r);
  }

  /** The result's text, from this instance's memory (Redis away when it ended) or the store. */
  Optional<Operations.Result> result(String id) {
    Operations.Result local = localResults.get(id);
    if (local != null) {
      return Optional.of(local);
    }
    if (!health.available()) {
      return Optional.empty();
    }
    try {
      return store.result(id).map(t -> new Operations.Result(t, "application/x-ndjson", null));
    } catch (OperationStore.Unavailable e) {
      health.down(e);
      return Optional.empty();
    }
  }

  /** What this instance remembers of the operation (null: nothing). */
  OperationState known(String id) {
    return known.get(id);
  }

  /**
   * The operation's state from the store, else what this instance remembers.
   *
   * @throws OperationStore.Unavailable when this instance does not know it and the configured store is away
   */
  Optional<OperationState> find(String id) {
    if (health.available()) {
      try {
        Optional<OperationState> s = store.find(id);
        if (s.isPresent()) {
          return s;
        }
      } catch (OperationStore.Unavailable e) {
        health.down(e);
      }
    }
    OperationState s = known.get(id);
    // without a configured store nothing else can know the operation: unknown here is unknown, not "unreachable"
    if (s == null && !health.available() && store != OperationStore.NONE) {
      throw new OperationStore.Unavailable("the operation store (Redis) is unreachable and this instance does not "
          + "know operation " + id, null);
    }
    return Optional.ofNullable(s);
  }

  /**
   * The newest {@code n} operations, newest first: the store's, else the ones this instance remembers with
   * {@code current} applied (the live state of those still running here).
   */
  List<OperationState> recent(int n, UnaryOperator<OperationState> current) {
    if (health.available()) {
      try {
        return store.recent(n);
      } catch (OperationStore.Unavailable e) {
        health.down(e);
      }
    }
    List<OperationState> out = new ArrayList<>(known.values());
    out.replaceAll(current);
    Collections.reverse(out); // remembered in order of creation, even within one millisecond
    return out.subList(0, Math.min(n, out.size()));
  }

  /** Asks the instance running the operation to cancel it; false when the store is away or it is not running. */
  boolean requestCancel(String id, String why) {
    if (!health.available()) {
      return false;
    }
    try {
      return store.requestCancel(id, why);
    } catch (OperationStore.Unavailable e) {
      health.down(e);
      return false;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
