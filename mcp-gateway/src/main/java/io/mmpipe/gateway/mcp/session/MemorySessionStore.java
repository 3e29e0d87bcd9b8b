package io.mmpipe.gateway.mcp.session;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions held by this instance only, for a gateway without Redis (one instance; a restart ends every session).
 * Bounded twice: a session unused for {@code ttl} expires, and past {@code maxSessions} the least recently used one
 * is dropped (its client gets 404 and initializes again).
 */
public final class MemorySessionStore implements SessionStore {

  private final Duration ttl;
  private final int maxSessions;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Entry {
    SessionRecord record;
    long touched;

    Entry(SessionRecord record, long touched) {
      this.record = record;
      this.touched = touched;
    }
  }

  public MemorySessionStore(Duration ttl, int maxSessions, Clock clock) {
    this.ttl = ttl;
    this.maxSessions = maxSessions;
    this.clock = clock;
  }

  @Override
  public synchronized SessionRecord create(String protocolVersion, String clientCapabilities, String clientInfo) {
    expire();
    SessionRecord r = new SessionRecord(SessionStore.newId(), protocolVersion, clientCapabilities, clientInfo, null,
        false, Set.of());
    sessions.put(r.id(), new Entry(r, clock.millis()));
    while (sessions.size() > maxSessions) {
      Iterator<String> eldest = sessions.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return r;
  }

  @Override
  public synchronized Optional<SessionRecord> find(String id) {
    return Optional.ofNullable(live(id)).map(e -> e.record);
  }

  private Entry live(String id) {
    expire();
    Entry e = id == null ? null : sessions.get(id);
    if (e != null) {
      e.touched = clock.millis();
    }
    return e;
  }

  private void expire() {
    long cutoff = clock.millis() - ttl.toMillis();
    sessions.values().removeIf(e -> e.touched < cutoff);
  }

  private void update(String id, java.util.function.UnaryOperator<SessionRecord> change) {
    Entry e = live(id);
    if (e != null) {
      e.record = change.apply(e.record);
    }
  }

  @Override
  public synchronized void initialized(String id) {
    update(id, r -> new SessionRecord(r.id(), r.protocolVersion(), r.clientCapabilities(), r.clientInfo(),
        r.logLevel(), true, r.subscriptions()));
  }

  @Override
  public synchronized void logLevel(String id, String level) {
    update(id, r -> new SessionRecord(r.id(), r.protocolVersion(), r.clientCapabilities(), r.clientInfo(), level,
        r.initialized(), r.subscriptions()));
  }

  @Override
  public synchronized boolean subscribe(String id, String uri) {
    Entry e = live(id);
    if (e == null) {
      return true;
    }
    if (!e.record.subscriptions().contains(uri) && e.record.subscriptions().size() >= MAX_SUBSCRIPTIONS) {
      return false;
    }
    withSubscriptions(id, s -> s.add(uri));
    return true;
  }

  @Override
  public synchronized void unsubscribe(String id, String uri) {
    withSubscriptions(id, s -> s.remove(uri));
  }

  private void withSubscriptions(String id, java.util.function.Consumer<Set<String>> change) {
    update(id, r -> {
      Set<String> s = new HashSet<>(r.subscriptions());
      change.accept(s);
      return new SessionRecord(r.id(), r.protocolVersion(), r.clientCapabilities(), r.clientInfo(), r.logLevel(),
          r.initialized(), s);
    });
  }

  @Override
  public synchronized Set<String> subscriptions(String id) {
    Entry e = live(id);
    return e == null ? Set.of() : e.record.subscriptions();
  }

  @Override
  public synchronized boolean delete(String id) {
    return id != null && sessions.remove(id) != null;
  }

  /** Sessions held now (for tests of the bound). */
  public synchronized int size() {
    expire();
    return sessions.size();
  }

}
